package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.sql.execution.datasources.jdbc.JDBCOptions;

/**
 * The database's own names of a JDBC source's column types: Spark reads a tsvector, a uuid, an enum
 * or a domain as a plain string and a MariaDB year as a date, and keeps no trace of what they were.
 * One metadata query (no rows) on a connection of its own; for a table, the catalog's column list
 * too, which names enums, sets and domains where a query's metadata names only their base type.
 */
final class SourceColumnTypes {
  /**
   * Types a migration moves as they are (names as JDBC drivers give them, lower case, "unsigned"
   * dropped).
   */
  private static final Set<String> PLAIN =
      Set.of(
          "int",
          "int2",
          "int4",
          "int8",
          "smallint",
          "integer",
          "bigint",
          "tinyint",
          "mediumint",
          "serial",
          "serial4",
          "serial8",
          "bigserial",
          "float",
          "float4",
          "float8",
          "real",
          "double",
          "double precision",
          "numeric",
          "decimal",
          "text",
          "varchar",
          "character varying",
          "tinytext",
          "mediumtext",
          "longtext",
          "date",
          "timestamp",
          "timestamptz",
          "datetime",
          "time",
          "timetz",
          "bool",
          "boolean");

  /** Types whose length is part of what they are (a char(5) pads its values to 5). */
  private static final Set<String> SIZED = Set.of("char", "bit");

  private SourceColumnTypes() {}

  /**
   * Column -> type name, for columns whose database type is not plain; empty for files or when
   * metadata cannot be read.
   */
  static Map<String, String> of(SourceSpec source) {
    if (!source.isJdbc()) {
      return Map.of();
    }
    Map<String, String> options = source.options();
    String relation =
        options.containsKey("dbtable")
            ? options.get("dbtable")
            : "(" + options.getOrDefault("query", "") + ") cutover_q";
    try (Connection c = connect(options)) {
      Map<String, String> fromQuery = fromQuery(c, relation);
      Map<String, String> fromCatalog =
          options.containsKey("dbtable") ? fromCatalog(c, options.get("dbtable")) : Map.of();
      Map<String, String> out = new LinkedHashMap<>();
      fromQuery.forEach(
          (column, type) -> {
            String catalog = fromCatalog.get(column);
            // The catalog names an enum, a set or a domain; a query names MariaDB's json (a
            // longtext to the catalog).
            String best = catalog != null && !plain(catalog) ? catalog : type;
            if (!plain(best)) {
              out.put(column, best);
            }
          });
      return out;
    } catch (SQLException | RuntimeException e) {
      // Only names for the findings: the audit reads the data through Spark, which reports an
      // unreachable source.
      return Map.of();
    }
  }

  private static boolean plain(String type) {
    return PLAIN.contains(type);
  }

  /**
   * Connects as Spark does: every option but Spark's own (dbtable, fetchsize, ...) goes to the
   * driver.
   */
  private static Connection connect(Map<String, String> options) throws SQLException {
    scala.collection.immutable.Map<String, String> scalaOptions =
        scala.collection.immutable.Map$.MODULE$.empty();
    for (Map.Entry<String, String> e : options.entrySet()) {
      scalaOptions = scalaOptions.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
    }
    Properties props = new JDBCOptions(scalaOptions).asConnectionProperties();
    String driver = options.get("driver");
    if (driver != null) {
      try {
        Class.forName(driver);
      } catch (ClassNotFoundException e) {
        throw new SQLException("No JDBC driver class " + driver, e);
      }
    }
    return DriverManager.getConnection(options.getOrDefault("url", ""), props);
  }

  private static Map<String, String> fromQuery(Connection c, String relation) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM " + relation + " WHERE 1 = 0")) {
      ResultSetMetaData m = r.getMetaData();
      for (int i = 1; i <= m.getColumnCount(); i++) {
        out.put(m.getColumnLabel(i), describe(m.getColumnTypeName(i), m.getPrecision(i)));
      }
    }
    return out;
  }

  /**
   * The catalog's column list of a table named {@code [schema.]table}; empty for anything else (a
   * subquery).
   */
  private static Map<String, String> fromCatalog(Connection c, String dbtable) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    Map<String, String> out = new LinkedHashMap<>();
    if (!dbtable.matches("[\\w$]+(\\.[\\w$]+)?")) {
      return out;
    }
    String[] parts = dbtable.split("\\.");
    String table = parts[parts.length - 1];
    String schema = parts.length == 2 ? parts[0] : null;
    // MySQL and MariaDB call a database a catalog and have no schemas.
    boolean catalogs =
        meta.getDatabaseProductName().toLowerCase(Locale.ROOT).matches(".*(mysql|mariadb).*");
    try (ResultSet r =
        catalogs
            ? meta.getColumns(schema == null ? c.getCatalog() : schema, null, table, "%")
            : meta.getColumns(null, schema == null ? c.getSchema() : schema, table, "%")) {
      while (r.next()) {
        out.put(
            r.getString("COLUMN_NAME"),
            describe(r.getString("TYPE_NAME"), r.getInt("COLUMN_SIZE")));
      }
    }
    return out;
  }

  /**
   * "bpchar", 5 -> "char(5)"; "_int4" -> "int4[]"; "\"s\".\"mood\"" -> "s.mood"; "INT UNSIGNED" ->
   * "int".
   */
  static String describe(String typeName, int size) {
    String t =
        String.valueOf(typeName)
            .toLowerCase(Locale.ROOT)
            .replace("\"", "")
            .replace(" unsigned", "")
            .trim();
    if (t.equals("bpchar")) {
      t = "char";
    }
    if (t.startsWith("_")) {
      return t.substring(1) + "[]";
    }
    return SIZED.contains(t) && size > 0 ? t + "(" + size + ")" : t;
  }
}
