package io.cutover.audit;

import io.cutover.core.run.Progress;
import io.cutover.core.source.JdbcCatalog;
import io.cutover.core.source.JdbcCatalog.ConstraintKind;
import io.cutover.core.source.JdbcCatalog.TypeKind;
import io.cutover.core.source.SchemaSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What a legacy database's catalog says and its data contradicts or the new platform will not take
 * as it is: a foreign key declared on some partitions of a table and missing on others, a declared
 * unique text column with duplicates once trimmed and case-folded (counted on the rows the audit
 * read), types that need a rule (arrays, enums, domains, {@code char(n)}, text-search vectors,
 * geometry, MariaDB's {@code year} and {@code set}) and identifiers that are reserved words or not
 * ASCII. Cost: the catalog queries, one counting query on the database per partition that lacks a
 * foreign key its siblings declare, one grouped pass over the read rows per declared unique text
 * column. Undeclared references are DependencyAudit's candidates.
 */
final class SchemaAudit {
  /**
   * SQL words a target database reserves; a column so named must be quoted everywhere or renamed.
   */
  static final Set<String> RESERVED =
      Set.of(
          "all",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "between",
          "both",
          "by",
          "case",
          "cast",
          "check",
          "column",
          "constraint",
          "create",
          "cross",
          "current",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "delete",
          "desc",
          "distinct",
          "do",
          "drop",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "full",
          "grant",
          "group",
          "having",
          "in",
          "inner",
          "insert",
          "intersect",
          "interval",
          "into",
          "is",
          "join",
          "leading",
          "left",
          "like",
          "limit",
          "natural",
          "not",
          "null",
          "of",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "primary",
          "references",
          "right",
          "select",
          "session_user",
          "some",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "update",
          "user",
          "using",
          "values",
          "when",
          "where",
          "window",
          "with");

  private final Map<String, SchemaSources.TableOf> tables;
  private final Map<String, Dataset<Row>> data;
  private final Progress progress;

  /**
   * {@code data}: the datasets' rows as the audit read them (a database is queried once; folded
   * uniques count there).
   */
  SchemaAudit(
      Map<String, SchemaSources.TableOf> tables,
      Map<String, Dataset<Row>> data,
      Progress progress) {
    this.tables = tables;
    this.data = data;
    this.progress = progress;
  }

  List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    for (SchemaSources.TableOf t : tables.values()) {
      progress.stage(
          t.dataset()
              + ": reading the catalog of "
              + t.catalog().schema()
              + "."
              + t.table().name());
      types(t, out);
      identifiers(t, out);
      partitions(t, out);
      foldedUniques(t, out);
    }
    return out;
  }

  private void types(SchemaSources.TableOf t, List<Finding> out) {
    for (JdbcCatalog.Column c : t.table().columns()) {
      if (c.kind() == TypeKind.PLAIN) {
        continue;
      }
      String declared = c.detail().isBlank() ? c.type() : c.type() + " " + c.detail();
      String col = c.name();
      Finding f =
          switch (c.kind()) {
            case ARRAY ->
                finding(
                    t,
                    col,
                    Severity.MEDIUM,
                    "array column ("
                        + c.type()
                        + "): a platform without arrays needs it as JSON text or as rows of a child table",
                    SuggestedRules.rule(
                        "type",
                        "derive",
                        "column",
                        col,
                        "expression",
                        "to_json(" + Predicates.quote(col) + ")"),
                    c);
            case ENUM, SET ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    (c.kind() == TypeKind.SET ? "set" : "enum")
                        + " type "
                        + declared
                        + ": read as text; the new platform must allow exactly these values",
                    enumRule(col, c),
                    c);
            case DOMAIN ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    "domain "
                        + declared
                        + ": the new platform sees only the base type, so its CHECK must be kept by a rule",
                    domainRule(col, c),
                    c);
            case FIXED_CHAR ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    c.detail()
                        + " pads every value with blanks to its length: trim it, or the padding moves as data",
                    SuggestedRules.rule("type", "trim", "column", col),
                    c);
            case TEXT_SEARCH ->
                finding(
                    t,
                    col,
                    Severity.MEDIUM,
                    c.type()
                        + " is a full-text search index derived from other columns: rebuild it on the new platform rather than moving it",
                    SuggestedRules.drop(
                        col,
                        "derived full-text index (" + c.type() + "): rebuilt on the new platform"),
                    c);
            case GEOMETRY ->
                finding(
                    t,
                    col,
                    Severity.MEDIUM,
                    "geometry ("
                        + c.type()
                        + "): read as text or bytes; the new platform needs its own spatial type or WKT text",
                    "",
                    c);
            case YEAR ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    "MariaDB year: Spark reads it as a date (January 1st of the year); keep only the year",
                    SuggestedRules.rule(
                        "type",
                        "derive",
                        "column",
                        col,
                        "expression",
                        "year(" + Predicates.quote(col) + ")"),
                    c);
            case BIT ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    "bit type "
                        + declared
                        + ": bit(1) reads as a boolean, longer bit strings as bytes",
                    "",
                    c);
            case JSON ->
                finding(
                    t,
                    col,
                    Severity.INFO,
                    c.type()
                        + ": JSON text; check that the new platform takes JSON (the profile counts unparseable values)",
                    "",
                    c);
            case MONEY ->
                finding(
                    t,
                    col,
                    Severity.MEDIUM,
                    "money is formatted with the database's currency locale; move it as a decimal with its currency named",
                    SuggestedRules.rule(
                        "type",
                        "cast",
                        "column",
                        col,
                        "to",
                        "decimal(18,2)",
                        "on-fail",
                        "quarantine"),
                    c);
            case UNSIGNED_BIGINT ->
                finding(
                    t,
                    col,
                    Severity.LOW,
                    "bigint unsigned: values above 9223372036854775807 do not fit a signed bigint; Spark reads it as decimal(20,0)",
                    "",
                    c);
            case PLAIN -> null;
          };
      out.add(f);
    }
  }

  private Finding finding(
      SchemaSources.TableOf t,
      String column,
      Severity severity,
      String message,
      String rule,
      JdbcCatalog.Column c) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("declared_type", c.detail().isBlank() ? c.type() : c.type() + " " + c.detail());
    evidence.put("table", t.catalog().schema() + "." + t.table().name());
    return new Finding(
        t.dataset(),
        column,
        Category.TYPE,
        "schema-type",
        severity,
        message,
        evidence,
        List.of(),
        rule);
  }

  private static String enumRule(String column, JdbcCatalog.Column c) {
    List<String> labels = labels(c);
    if (labels.isEmpty() || c.kind() == TypeKind.SET) {
      return "";
    }
    String list =
        String.join(", ", labels.stream().map(l -> "'" + l.replace("'", "''") + "'").toList());
    return SuggestedRules.rule(
        "type",
        "validate",
        "name",
        column + "-values",
        "expression",
        Predicates.quote(column) + " IS NULL OR " + Predicates.quote(column) + " IN (" + list + ")",
        "reason",
        "not a value of the legacy " + c.type() + " type");
  }

  /** Labels from PostgreSQL's comma-joined list or MariaDB's {@code enum('a','b')}. */
  static List<String> labels(JdbcCatalog.Column c) {
    String d = c.detail();
    if (d.startsWith("enum(") || d.startsWith("set(")) {
      List<String> out = new ArrayList<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("'((?:[^']|'')*)'").matcher(d);
      while (m.find()) {
        out.add(m.group(1).replace("''", "'"));
      }
      return out;
    }
    return d.isBlank() ? List.of() : List.of(d.split(","));
  }

  /**
   * A domain's CHECK as a validate rule on the column: {@code CHECK (VALUE >= 1901)} becomes {@code
   * col >= 1901}.
   */
  private static String domainRule(String column, JdbcCatalog.Column c) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("CHECK \\((.*)\\)\\s*$").matcher(c.detail());
    if (!m.find()) {
      return "";
    }
    String expression =
        m.group(1).replaceAll("\\bVALUE\\b", Predicates.quote(column)).replaceAll("::[a-z ]+", "");
    return SuggestedRules.rule(
        "type",
        "validate",
        "name",
        column + "-domain",
        "expression",
        Predicates.quote(column) + " IS NULL OR (" + expression + ")",
        "reason",
        "breaks the legacy domain " + c.type());
  }

  private void identifiers(SchemaSources.TableOf t, List<Finding> out) {
    for (JdbcCatalog.Column c : t.table().columns()) {
      String name = c.name();
      boolean ascii = name.chars().allMatch(ch -> ch < 128);
      boolean reserved = RESERVED.contains(name.toLowerCase(Locale.ROOT));
      if (ascii && !reserved) {
        continue;
      }
      String to =
          ascii
              ? name + "_"
              : java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                  .replaceAll("[^\\p{ASCII}]", "")
                  .replaceAll("[^A-Za-z0-9_]", "_");
      out.add(
          new Finding(
              t.dataset(),
              name,
              Category.DEPENDENCY,
              "identifier",
              Severity.LOW,
              (ascii
                      ? "column name '" + name + "' is an SQL reserved word"
                      : "column name '" + name + "' is not ASCII")
                  + ": every query on the new platform must quote it; rename it while staging",
              Map.of("table", t.catalog().schema() + "." + t.table().name()),
              List.of(),
              SuggestedRules.rule(
                  "type", "rename", "from", name, "to", to.isBlank() ? "column_" : to)));
    }
  }

  /**
   * A partitioned table's foreign keys should be the same on every partition; one lacking it lets
   * orphans in.
   */
  private void partitions(SchemaSources.TableOf t, List<Finding> out) {
    List<JdbcCatalog.Table> parts = t.catalog().partitionsOf(t.table().name());
    if (parts.isEmpty()) {
      return;
    }
    Map<String, Set<String>> declaredOn = new LinkedHashMap<>();
    Map<String, JdbcCatalog.Constraint> example = new LinkedHashMap<>();
    for (JdbcCatalog.Table p : parts) {
      for (JdbcCatalog.Constraint fk :
          t.catalog().constraintsOf(p.name(), ConstraintKind.FOREIGN_KEY)) {
        String id =
            String.join(",", fk.columns())
                + " -> "
                + fk.refTable()
                + "("
                + String.join(",", fk.refColumns())
                + ")";
        declaredOn.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(p.name());
        example.putIfAbsent(id, fk);
      }
    }
    List<String> names = parts.stream().map(JdbcCatalog.Table::name).toList();
    out.add(
        new Finding(
            t.dataset(),
            "",
            Category.DEPENDENCY,
            "partitioned-table",
            Severity.INFO,
            t.table().name()
                + " is partitioned into "
                + parts.size()
                + " partitions ("
                + String.join(", ", names)
                + "): audited as one table",
            Map.of("partitions", parts.size()),
            List.of(),
            ""));
    declaredOn.forEach(
        (id, on) -> {
          List<String> lacking = names.stream().filter(n -> !on.contains(n)).toList();
          if (lacking.isEmpty()) {
            return;
          }
          JdbcCatalog.Constraint fk = example.get(id);
          long orphans = 0;
          if (fk.columns().size() == 1) {
            for (String p : lacking) {
              orphans +=
                  JdbcCatalog.count(
                      t.source().options(),
                      orphanSql(t, p, fk.columns().get(0), fk.refTable(), fk.refColumns().get(0)));
            }
          }
          Map<String, Object> evidence = new LinkedHashMap<>();
          evidence.put("declared_on", on.size());
          evidence.put("missing_on", String.join(", ", lacking));
          evidence.put("orphan_rows_there", orphans);
          out.add(
              new Finding(
                  t.dataset(),
                  String.join(",", fk.columns()),
                  Category.DEPENDENCY,
                  "partition-missing-foreign-key",
                  Severity.MEDIUM,
                  "foreign key "
                      + id
                      + " is declared on "
                      + on.size()
                      + " of "
                      + parts.size()
                      + " partitions but not on "
                      + String.join(", ", lacking)
                      + ": nothing stops orphans there ("
                      + orphans
                      + " now); check the reference while staging",
                  evidence,
                  List.of(),
                  fk.columns().size() == 1
                      ? SuggestedRules.referenceExists(
                          fk.columns().get(0), fk.refTable(), fk.refColumns().get(0))
                      : ""));
        });
  }

  /**
   * A declared unique text column whose values collide once trimmed and case-folded, as many
   * platforms compare them.
   */
  private void foldedUniques(SchemaSources.TableOf t, List<Finding> out) {
    List<JdbcCatalog.Constraint> uniques =
        new ArrayList<>(t.catalog().constraintsOf(t.table().name(), ConstraintKind.PRIMARY_KEY));
    uniques.addAll(t.catalog().constraintsOf(t.table().name(), ConstraintKind.UNIQUE));
    for (JdbcCatalog.Constraint u : uniques) {
      if (u.columns().size() != 1) {
        continue;
      }
      String col = u.columns().get(0);
      if (!t.table().column(col).map(SchemaAudit::textual).orElse(false)) {
        continue;
      }
      Dataset<Row> rows = data.get(t.dataset());
      if (rows == null || !java.util.Arrays.asList(rows.columns()).contains(col)) {
        continue;
      }
      Column folded = functions.lower(functions.trim(functions.col(Predicates.quote(col))));
      long groups =
          rows.filter(folded.isNotNull())
              .groupBy(folded.as("k"))
              .count()
              .filter("count > 1")
              .count();
      if (groups == 0) {
        continue;
      }
      out.add(
          new Finding(
              t.dataset(),
              col,
              Category.CORRUPT,
              "unique-after-folding",
              Severity.HIGH,
              groups
                  + " values of the unique column "
                  + col
                  + " collide once trimmed and lower-cased ('Bob' and 'bob '): a platform that compares them"
                  + " so rejects the second; decide which row wins",
              Map.of("colliding_values", groups, "constraint", u.name()),
              List.of(),
              SuggestedRules.rule(
                  "type", "deduplicate", "key", List.of(col), "keep", "most-complete")));
    }
  }

  private static String orphanSql(
      SchemaSources.TableOf t, String child, String column, String parent, String parentColumn) {
    return "SELECT count(*) FROM "
        + table(t, child)
        + " c WHERE c."
        + q(t, column)
        + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        + table(t, parent)
        + " p WHERE p."
        + q(t, parentColumn)
        + " = c."
        + q(t, column)
        + ")";
  }

  private static String table(SchemaSources.TableOf t, String name) {
    return SchemaSources.qualified(t.source(), t.catalog().schema(), name);
  }

  private static String q(SchemaSources.TableOf t, String identifier) {
    String quote =
        t.source().options().getOrDefault("url", "").startsWith("jdbc:postgresql:") ? "\"" : "`";
    return quote + identifier.replace(quote, quote + quote) + quote;
  }

  private static boolean integral(JdbcCatalog.Column c) {
    return Set.of(
            "int2",
            "int4",
            "int8",
            "smallint",
            "integer",
            "int",
            "bigint",
            "mediumint",
            "tinyint",
            "serial",
            "bigserial")
        .contains(c.type().toLowerCase(Locale.ROOT));
  }

  private static boolean textual(JdbcCatalog.Column c) {
    return Set.of(
            "text", "varchar", "bpchar", "citext", "char", "tinytext", "mediumtext", "longtext")
        .contains(c.type().toLowerCase(Locale.ROOT));
  }
}
