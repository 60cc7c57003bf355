package io.cutover.core.source;

import io.cutover.core.run.CutoverException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What a legacy database says about one of its schemas: tables (with their partitions), columns
 * with their declared types, and primary keys, unique constraints and foreign keys. Read from
 * PostgreSQL's {@code pg_catalog} or MariaDB/MySQL's {@code information_schema} over one plain JDBC
 * connection: a few catalog queries, no table data.
 */
public record JdbcCatalog(String schema, List<Table> tables, List<Constraint> constraints) {

  /** A table; a partition names its parent, a partitioned parent has {@code partitioned} set. */
  public record Table(
      String name, Optional<String> partitionOf, boolean partitioned, List<Column> columns) {

    public Optional<Column> column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
  }

  /**
   * A declared column. {@code type} is the database's own type name ({@code int4}, {@code _text},
   * {@code mpaa_rating}, {@code enum('a','b')}); {@code kind} says what sort of type it is.
   *
   * @param detail enum labels, a domain's base type and CHECK, or a char column's length
   */
  public record Column(String name, String type, TypeKind kind, String detail, boolean nullable) {}

  public enum TypeKind {
    PLAIN,
    ARRAY,
    ENUM,
    SET,
    DOMAIN,
    FIXED_CHAR,
    TEXT_SEARCH,
    GEOMETRY,
    YEAR,
    BIT,
    JSON,
    MONEY,
    UNSIGNED_BIGINT
  }

  public enum ConstraintKind {
    PRIMARY_KEY,
    UNIQUE,
    FOREIGN_KEY
  }

  /**
   * A declared key or reference; for a foreign key, {@code refTable} and {@code refColumns} say
   * what it points at.
   */
  public record Constraint(
      String table,
      String name,
      ConstraintKind kind,
      List<String> columns,
      String refTable,
      List<String> refColumns) {}

  public JdbcCatalog {
    tables = List.copyOf(tables);
    constraints = List.copyOf(constraints);
  }

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The tables a migration reads: every table that is not a partition (a partitioned table reads
   * all of its partitions).
   */
  public List<Table> logicalTables() {
    return tables.stream().filter(t -> t.partitionOf().isEmpty()).toList();
  }

  public List<Table> partitionsOf(String parent) {
    return tables.stream().filter(t -> t.partitionOf().filter(parent::equals).isPresent()).toList();
  }

  public List<Constraint> constraintsOf(String table, ConstraintKind kind) {
    return constraints.stream().filter(c -> c.table().equals(table) && c.kind() == kind).toList();
  }

  /** A table's primary key, else its first single unique constraint, else nothing. */
  public List<String> keyOf(String table) {
    List<Constraint> pk = constraintsOf(table, ConstraintKind.PRIMARY_KEY);
    if (!pk.isEmpty()) {
      return pk.get(0).columns();
    }
    return constraintsOf(table, ConstraintKind.UNIQUE).stream()
        .findFirst()
        .map(Constraint::columns)
        .orElse(List.of());
  }

  /**
   * Reads a schema's catalog; {@code options} are the source's JDBC options (url, user, password).
   */
  public static JdbcCatalog read(Map<String, String> options, String schema) {
    String url = options.get("url");
    try (Connection c = connect(options)) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
      return product.contains("postgres") ? postgres(c, schema) : informationSchema(c, schema);
    } catch (SQLException e) {
      throw CutoverException.runtime(
          "Cannot read the catalog of schema '"
              + schema
              + "' at "
              + url
              + ": "
              + e.getMessage()
              + ". Check that the database is up, the schema exists and the user may read its catalog.",
          e);
    }
  }

  /**
   * Runs one query that returns a single number, on a fresh connection with the source's options,
   * binding {@code parameters} as strings.
   */
  public static long count(Map<String, String> options, String sql, String... parameters) {
    try (Connection c = connect(options);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw CutoverException.runtime(
          "Query on " + options.get("url") + " failed: " + e.getMessage() + " (" + sql + ")", e);
    }
  }

  /**
   * A connection with the source's options: every option but Spark's own (url, dbtable, query,
   * driver) is a JDBC property.
   */
  private static Connection connect(Map<String, String> options) throws SQLException {
    Properties props = new Properties();
    options.forEach(
        (k, v) -> {
          if (!Set.of("url", "dbtable", "query", "driver").contains(k)) {
            props.setProperty(k, v);
          }
        });
    return connect(options.get("url"), options.get("driver"), props);
  }

  private static Connection connect(String url, String driver, Properties props)
      throws SQLException {
    String name = driver != null ? driver : JdbcDrivers.classFor(url).orElse(null);
    if (name != null) {
      try {
        java.sql.Driver d =
            (java.sql.Driver)
                Class.forName(name, true, JdbcCatalog.class.getClassLoader())
                    .getDeclaredConstructor()
                    .newInstance();
        Connection c = d.connect(url, props);
        if (c != null) {
          return c;
        }
      } catch (ReflectiveOperationException e) {
        throw new SQLException("cannot load JDBC driver " + name + ": " + e.getMessage(), e);
      }
    }
    return DriverManager.getConnection(url, props);
  }

  private static JdbcCatalog postgres(Connection c, String schema) throws SQLException {
    Map<String, List<Column>> columns = new LinkedHashMap<>();
    String columnsSql =
        """
                SELECT cl.relname, a.attname, t.typname, t.typtype, t.typcategory, NOT a.attnotnull,
                       CASE WHEN t.typtype = 'e' THEN (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
                            WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) || coalesce(' ' || (SELECT string_agg(pg_get_constraintdef(k.oid), ' ') FROM pg_constraint k WHERE k.contypid = t.oid), '')
                            WHEN t.typname = 'bpchar' THEN format_type(a.atttypid, a.atttypmod)
                            ELSE '' END
                FROM pg_attribute a
                JOIN pg_class cl ON cl.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = cl.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = ? AND cl.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY cl.relname, a.attnum""";
    try (PreparedStatement s = c.prepareStatement(columnsSql)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String type = r.getString(3);
          TypeKind kind = postgresKind(type, r.getString(4), r.getString(5));
          columns
              .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(new Column(r.getString(2), type, kind, r.getString(7), r.getBoolean(6)));
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    String tablesSql =
        """
                SELECT cl.relname, cl.relkind = 'p', (SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                                                      WHERE i.inhrelid = cl.oid AND cl.relispartition LIMIT 1)
                FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
                WHERE n.nspname = ? AND cl.relkind IN ('r', 'p') ORDER BY cl.relname""";
    try (PreparedStatement s = c.prepareStatement(tablesSql)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          tables.add(
              new Table(
                  name,
                  Optional.ofNullable(r.getString(3)),
                  r.getBoolean(2),
                  columns.getOrDefault(name, List.of())));
        }
      }
    }
    List<Constraint> constraints = new ArrayList<>();
    String constraintsSql =
        """
                SELECT cl.relname, k.conname, k.contype,
                       (SELECT array_agg(a.attname::text ORDER BY x.n) FROM unnest(k.conkey) WITH ORDINALITY x(att, n)
                          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.att),
                       rc.relname,
                       (SELECT array_agg(a.attname::text ORDER BY x.n) FROM unnest(k.confkey) WITH ORDINALITY x(att, n)
                          JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.att)
                FROM pg_constraint k
                JOIN pg_class cl ON cl.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = cl.relnamespace
                LEFT JOIN pg_class rc ON rc.oid = k.confrelid
                WHERE n.nspname = ? AND k.contype IN ('p', 'u', 'f')
                ORDER BY cl.relname, k.conname""";
    try (PreparedStatement s = c.prepareStatement(constraintsSql)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ConstraintKind kind =
              switch (r.getString(3)) {
                case "p" -> ConstraintKind.PRIMARY_KEY;
                case "u" -> ConstraintKind.UNIQUE;
                default -> ConstraintKind.FOREIGN_KEY;
              };
          constraints.add(
              new Constraint(
                  r.getString(1),
                  r.getString(2),
                  kind,
                  strings(r.getArray(4)),
                  r.getString(5),
                  strings(r.getArray(6))));
        }
      }
    }
    return new JdbcCatalog(schema, tables, constraints);
  }

  private static TypeKind postgresKind(String type, String typtype, String category) {
    if ("A".equals(category)) {
      return TypeKind.ARRAY;
    }
    if ("e".equals(typtype)) {
      return TypeKind.ENUM;
    }
    if ("d".equals(typtype)) {
      return TypeKind.DOMAIN;
    }
    return switch (type) {
      case "bpchar" -> TypeKind.FIXED_CHAR;
      case "tsvector", "tsquery" -> TypeKind.TEXT_SEARCH;
      case "point", "line", "lseg", "box", "path", "polygon", "circle", "geometry", "geography" ->
          TypeKind.GEOMETRY;
      case "json", "jsonb" -> TypeKind.JSON;
      case "money" -> TypeKind.MONEY;
      case "bit", "varbit" -> TypeKind.BIT;
      default -> TypeKind.PLAIN;
    };
  }

  private static JdbcCatalog informationSchema(Connection c, String schema) throws SQLException {
    Map<String, List<Column>> columns = new LinkedHashMap<>();
    String columnsSql =
        """
                SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE = 'YES'
                FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION""";
    try (PreparedStatement s = c.prepareStatement(columnsSql)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String data = r.getString(3).toLowerCase(java.util.Locale.ROOT);
          String full = r.getString(4);
          TypeKind kind =
              switch (data) {
                case "enum" -> TypeKind.ENUM;
                case "set" -> TypeKind.SET;
                case "year" -> TypeKind.YEAR;
                case "char" -> TypeKind.FIXED_CHAR;
                case "bit" -> TypeKind.BIT;
                case "json" -> TypeKind.JSON;
                case "geometry",
                    "point",
                    "linestring",
                    "polygon",
                    "multipoint",
                    "multilinestring",
                    "multipolygon",
                    "geometrycollection" ->
                    TypeKind.GEOMETRY;
                case "bigint" ->
                    full.toLowerCase(java.util.Locale.ROOT).contains("unsigned")
                        ? TypeKind.UNSIGNED_BIGINT
                        : TypeKind.PLAIN;
                default -> TypeKind.PLAIN;
              };
          String detail = kind == TypeKind.PLAIN ? "" : full;
          columns
              .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
              .add(new Column(r.getString(2), data, kind, detail, r.getBoolean(5)));
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          tables.add(
              new Table(name, Optional.empty(), false, columns.getOrDefault(name, List.of())));
        }
      }
    }
    Map<String, Constraint> byName = new LinkedHashMap<>();
    String keysSql =
        """
                SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
                FROM information_schema.TABLE_CONSTRAINTS tc
                JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
                  AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.TABLE_NAME = tc.TABLE_NAME
                WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
                ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION""";
    try (PreparedStatement s = c.prepareStatement(keysSql)) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ConstraintKind kind =
              switch (r.getString(3)) {
                case "PRIMARY KEY" -> ConstraintKind.PRIMARY_KEY;
                case "UNIQUE" -> ConstraintKind.UNIQUE;
                default -> ConstraintKind.FOREIGN_KEY;
              };
          String id = r.getString(1) + "\u0001" + r.getString(2);
          Constraint before = byName.get(id);
          List<String> cols = new ArrayList<>(before == null ? List.of() : before.columns());
          List<String> refs = new ArrayList<>(before == null ? List.of() : before.refColumns());
          cols.add(r.getString(4));
          if (r.getString(6) != null) {
            refs.add(r.getString(6));
          }
          byName.put(
              id, new Constraint(r.getString(1), r.getString(2), kind, cols, r.getString(5), refs));
        }
      }
    }
    return new JdbcCatalog(schema, tables, new ArrayList<>(byName.values()));
  }

  private static List<String> strings(java.sql.Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add(String.valueOf(v));
    }
    return out;
  }
}
