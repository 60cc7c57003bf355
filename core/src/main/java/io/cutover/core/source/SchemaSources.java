package io.cutover.core.source;

import io.cutover.core.spec.Reference;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a source that stands for a whole schema ({@code schema = "public"}, optionally {@code
 * tables = [...]}) into one source per table, named after the table, with the key and single-column
 * references the catalog declares. A partitioned table is one source (reading the parent reads
 * every partition); its partitions are not listed. A source the spec declares by name wins over the
 * table of the same name, so a block can still set key, pii and last-updated. Cost: the catalog
 * queries of {@link JdbcCatalog}, once per schema source.
 */
public final class SchemaSources {
  private SchemaSources() {}

  /** The catalog each JDBC dataset's table belongs to, read once per database and schema. */
  public record Expanded(Map<String, SourceSpec> sources, Map<String, TableOf> tables) {}

  /** Where a dataset's rows come from: a table of a catalog. */
  public record TableOf(
      String dataset, SourceSpec source, JdbcCatalog catalog, JdbcCatalog.Table table) {}

  public static Expanded expand(Map<String, SourceSpec> declared) {
    Map<String, JdbcCatalog> catalogs = new LinkedHashMap<>();
    Map<String, SourceSpec> out = new LinkedHashMap<>();
    for (SourceSpec source : declared.values()) {
      if (!source.isSchema()) {
        out.put(source.name(), source);
        continue;
      }
      tablesOf(source, declared, catalogs, out.keySet()).forEach(t -> out.put(t.name(), t));
    }
    Map<String, TableOf> tables = new LinkedHashMap<>();
    for (SourceSpec s : out.values()) {
      Optional<String[]> t = tableOf(s);
      if (t.isEmpty()) {
        continue;
      }
      String id = catalogId(s, t.get()[0]);
      if (!catalogs.containsKey(id)) {
        try {
          catalogs.put(id, JdbcCatalog.read(s.options(), t.get()[0]));
        } catch (io.cutover.core.run.CutoverException e) {
          // A source the spec names table by table is audited on its data even where its catalog
          // cannot
          // be read; reading the rows reports an unreachable database in its own words.
          continue;
        }
      }
      JdbcCatalog catalog = catalogs.get(id);
      catalog
          .table(t.get()[1])
          .ifPresent(table -> tables.put(s.name(), new TableOf(s.name(), s, catalog, table)));
    }
    return new Expanded(out, tables);
  }

  /**
   * The tables one schema source stands for, but those the spec declares a block of its own for.
   */
  public static List<SourceSpec> tablesOf(SourceSpec source, Map<String, SourceSpec> declared) {
    return tablesOf(source, declared, new LinkedHashMap<>(), Set.of());
  }

  private static List<SourceSpec> tablesOf(
      SourceSpec source,
      Map<String, SourceSpec> declared,
      Map<String, JdbcCatalog> catalogs,
      Set<String> taken) {
    JdbcCatalog catalog =
        catalogs.computeIfAbsent(catalogId(source, source.schema().get()), k -> catalogOf(source));
    List<JdbcCatalog.Table> tables = chosen(source, catalog);
    Set<String> names = tables.stream().map(JdbcCatalog.Table::name).collect(Collectors.toSet());
    List<SourceSpec> out = new ArrayList<>();
    for (JdbcCatalog.Table table : tables) {
      if (declared.containsKey(table.name()) && reads(declared.get(table.name()), source, table)) {
        continue; // the spec's own block for this table wins
      }
      String name =
          declared.containsKey(table.name()) || taken.contains(table.name())
              ? source.name() + "_" + table.name()
              : table.name();
      // A partition's foreign keys count for the whole table: the audit then checks every
      // partition's rows.
      List<String> scope = new ArrayList<>(List.of(table.name()));
      catalog.partitionsOf(table.name()).forEach(p -> scope.add(p.name()));
      Set<Reference> refs = new java.util.LinkedHashSet<>();
      for (String t : scope) {
        for (JdbcCatalog.Constraint fk :
            catalog.constraintsOf(t, JdbcCatalog.ConstraintKind.FOREIGN_KEY)) {
          if (fk.columns().size() == 1 && names.contains(fk.refTable())) {
            refs.add(new Reference(fk.columns().get(0), fk.refTable(), fk.refColumns().get(0)));
          }
        }
      }
      out.add(
          source.forTable(
              name,
              qualified(source, catalog.schema(), table.name()),
              catalog.keyOf(table.name()),
              List.copyOf(refs)));
    }
    return out;
  }

  private static JdbcCatalog catalogOf(SourceSpec source) {
    try {
      return JdbcCatalog.read(source.options(), source.schema().get());
    } catch (io.cutover.core.run.CutoverException e) {
      throw io.cutover.core.run.CutoverException.runtime(
          source.declaredAt()
              + ": source '"
              + source.name()
              + "': "
              + source.withoutSecrets(e.getMessage()),
          e.getCause());
    }
  }

  private static List<JdbcCatalog.Table> chosen(SourceSpec source, JdbcCatalog catalog) {
    if (source.tables().isEmpty()) {
      return catalog.logicalTables();
    }
    List<JdbcCatalog.Table> out = new ArrayList<>();
    for (String name : source.tables()) {
      out.add(
          catalog
              .table(name)
              .orElseThrow(
                  () ->
                      io.cutover.core.run.CutoverException.badInput(
                          "Source '"
                              + source.name()
                              + "' lists table '"
                              + name
                              + "', which schema '"
                              + catalog.schema()
                              + "' does not have; its tables are: "
                              + catalog.logicalTables().stream()
                                  .map(JdbcCatalog.Table::name)
                                  .collect(Collectors.joining(", ")))));
    }
    return out;
  }

  private static boolean reads(
      SourceSpec declared, SourceSpec schemaSource, JdbcCatalog.Table table) {
    return declared.isJdbc()
        && tableOf(declared).map(t -> t[1].equals(table.name())).orElse(false)
        && declared.options().get("url").equals(schemaSource.options().get("url"));
  }

  /**
   * The schema and table a JDBC source reads ({@code dbtable} as {@code schema.table} or {@code
   * table}); empty for a query or a non-JDBC source. The default schema is PostgreSQL's {@code
   * public} or the database in the URL.
   */
  static Optional<String[]> tableOf(SourceSpec source) {
    String dbtable = source.options().get("dbtable");
    if (!source.isJdbc() || dbtable == null || dbtable.contains("(") || dbtable.contains(" ")) {
      return Optional.empty();
    }
    String[] parts = dbtable.replace("\"", "").replace("`", "").split("\\.");
    if (parts.length == 2) {
      return Optional.of(parts);
    }
    return defaultSchema(source.options().get("url"))
        .map(schema -> new String[] {schema, parts[parts.length - 1]});
  }

  /**
   * The bytes the database stores for the source's tables (a whole schema, or its {@code dbtable}),
   * from its catalog: PostgreSQL's table sizes (with TOAST, without indexes), MariaDB's data
   * length. Empty for a query, or when the catalog cannot tell.
   */
  public static OptionalLong storedBytes(SourceSpec source) {
    Optional<String[]> where =
        source.isSchema()
            ? Optional.of(new String[] {source.schema().get(), null})
            : tableOf(source);
    if (where.isEmpty()) {
      return OptionalLong.empty();
    }
    String schema = where.get()[0];
    String table = where.get()[1];
    String sql =
        isPostgres(source)
            ? "SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'm')"
                + (table == null
                    ? ""
                    : " AND (c.relname = ? OR c.relispartition AND c.oid IN"
                        + " (SELECT inhrelid FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent"
                        + " WHERE p.relname = ? AND p.relnamespace = n.oid))")
            : "SELECT coalesce(sum(data_length), 0) FROM information_schema.tables"
                + " WHERE table_schema = ?"
                + (table == null ? "" : " AND table_name = ?");
    String[] parameters =
        table == null
            ? new String[] {schema}
            : isPostgres(source)
                ? new String[] {schema, table, table}
                : new String[] {schema, table};
    try {
      return OptionalLong.of(JdbcCatalog.count(source.options(), sql, parameters));
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  static Optional<String> defaultSchema(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return Optional.of("public");
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^jdbc:(?:mariadb|mysql)://[^/]*/([^?;/]+)").matcher(url);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * A table name quoted as the source's database quotes identifiers, so odd or reserved names read
   * too.
   */
  public static String qualified(SourceSpec source, String schema, String table) {
    String q = isPostgres(source) ? "\"" : "`";
    return q + schema + q + "." + q + table + q;
  }

  static boolean isPostgres(SourceSpec source) {
    return source.options().getOrDefault("url", "").startsWith("jdbc:postgresql:");
  }

  private static String catalogId(SourceSpec source, String schema) {
    return source.options().get("url")
        + "\u0001"
        + source.options().getOrDefault("user", "")
        + "\u0001"
        + schema.toLowerCase(Locale.ROOT);
  }
}
