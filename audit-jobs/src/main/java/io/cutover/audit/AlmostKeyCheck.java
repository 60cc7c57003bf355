package io.cutover.audit;

import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.privacy.Masking;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.IntegralType;

/**
 * Columns unique on nearly every row that are not quite: an identifier by name or by value
 * (usernames, emails, national ids) held by two customers ({@code almost-key}), and a label of a
 * code table that names two codes alike once trimmed and case-folded ({@code duplicate-label}: two
 * categories called 'Drama'). Values are compared trimmed and lower-cased; with a declared key a
 * value repeats only when rows of different keys hold it (a duplicated row is a duplicate key, not
 * this). Cost: one grouped scan of the candidate columns together (one shuffle), only when some
 * column is a candidate: near-unique by the profile's approximate distinct count, and named like an
 * identifier, an email, or a label of a table of at most {@link #MAX_LABEL_ROWS} rows.
 */
final class AlmostKeyCheck {
  /** Unique on at least this share of the rows that hold a value. */
  static final double NEARLY_UNIQUE = 0.9;

  /** Below this many values no column is judged. */
  static final long MIN_VALUES = 10;

  /** Labels are judged in tables of at most this many rows: code and lookup tables. */
  static final long MAX_LABEL_ROWS = 5_000;

  private static final int EXAMPLES = 3;

  private static final Pattern IDENTIFIER =
      Pattern.compile(
          "e_?mail|user|login|ssn|soc_?sec|social_?sec|national|passport|tax_?id|iban|licen[cs]e"
              + "|account_?(no|num)|member_?(no|num)|uuid|guid|handle|slug|sku|isbn|barcode");
  private static final Pattern LABEL =
      Pattern.compile("(^|_)(name|label|title|city|country|category|language)s?($|_)");

  private final SourceSpec source;
  private final Dataset<Row> data;
  private final Set<String> placeholders;

  AlmostKeyCheck(SourceSpec source, Dataset<Row> data, Set<String> placeholders) {
    this.source = source;
    this.data = data;
    this.placeholders = placeholders;
  }

  /** A column to scan, and whether it is an identifier (else a label). */
  record Candidate(ColumnPlan plan, boolean identifier, long nonNull) {}

  static List<Candidate> candidates(
      SourceSpec source, List<ColumnPlan> plans, DeequMetrics metrics, long rows) {
    List<Candidate> out = new ArrayList<>();
    for (ColumnPlan p : plans) {
      boolean text = p.kind == ColumnPlan.Kind.STRING;
      boolean integral = p.type instanceof IntegralType;
      if (source.key().contains(p.name) || !text && !integral) {
        continue;
      }
      long nonNull = Math.round(metrics.value(p.keys.get("completeness")).orElse(0.0) * rows);
      double distinct = metrics.value(p.keys.get("approx_distinct")).orElse(0.0);
      // The approximate count errs by a few percent either way.
      if (nonNull < MIN_VALUES || distinct < (NEARLY_UNIQUE - 0.05) * nonNull) {
        continue;
      }
      String n = p.name.toLowerCase(Locale.ROOT);
      boolean identifier = IDENTIFIER.matcher(n).find() || p.semantic == SemanticType.EMAIL;
      boolean label = text && !p.pii && rows <= MAX_LABEL_ROWS && LABEL.matcher(n).find();
      if (identifier || label) {
        out.add(new Candidate(p, identifier, nonNull));
      }
    }
    return out;
  }

  List<Finding> run(List<Candidate> candidates, String parsedRows) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    Column owner =
        source.key().isEmpty()
            ? functions.monotonically_increasing_id().cast("string")
            : functions.concat_ws(
                "\u0001",
                source.key().stream()
                    .map(k -> RowPatterns.col(k).cast("string"))
                    .toArray(Column[]::new));
    List<Column> entries = new ArrayList<>();
    for (Candidate c : candidates) {
      Column raw = RowPatterns.col(c.plan().name).cast("string");
      entries.add(
          functions.struct(
              functions.lit(c.plan().name).as("c"),
              functions.lower(functions.trim(raw)).as("v"),
              raw.as("raw")));
    }
    Set<String> harmless = new java.util.HashSet<>();
    placeholders.forEach(p -> harmless.add(p.trim().toLowerCase(Locale.ROOT)));
    harmless.add("");
    Dataset<Row> repeated =
        data.filter(functions.expr("coalesce(" + parsedRows + ", false)"))
            .select(
                owner.as("owner"),
                functions.explode(functions.array(entries.toArray(Column[]::new))).as("e"))
            .filter(
                functions
                    .col("e.v")
                    .isNotNull()
                    .and(functions.col("e.v").isin(harmless.toArray()).unary_$bang()))
            .groupBy(functions.col("e.c").as("c"), functions.col("e.v").as("v"))
            .agg(
                functions.count(functions.lit(1)).as("n"),
                functions.min("owner").as("first_owner"),
                functions.max("owner").as("last_owner"),
                functions.min("e.raw").as("first_raw"),
                functions.max("e.raw").as("last_raw"))
            .filter(functions.col("first_owner").notEqual(functions.col("last_owner")))
            .groupBy("c")
            .agg(
                functions.count(functions.lit(1)).as("values"),
                functions.sum("n").as("rows"),
                RowPatterns.countIf(functions.col("first_raw").notEqual(functions.col("last_raw")))
                    .as("spelled_apart"),
                functions
                    .slice(
                        functions.collect_list(
                            functions.concat_ws(
                                " / ",
                                functions.array_distinct(
                                    functions.array(
                                        functions.col("first_raw"), functions.col("last_raw"))))),
                        1,
                        EXAMPLES)
                    .as("examples"));
    Map<String, Row> byColumn = new LinkedHashMap<>();
    repeated.collectAsList().forEach(r -> byColumn.put(r.getString(0), r));
    List<Finding> out = new ArrayList<>();
    for (Candidate c : candidates) {
      Row r = byColumn.get(c.plan().name);
      if (r == null) {
        continue;
      }
      long values = r.getLong(1);
      long rowsHolding = r.getLong(2);
      // Nearly unique: the rows beyond the first of each repeated value are few.
      if (rowsHolding - values > (1 - NEARLY_UNIQUE) * c.nonNull()) {
        continue;
      }
      out.add(finding(c, values, rowsHolding, r.getLong(3), r.getList(4)));
    }
    return out;
  }

  private Finding finding(
      Candidate c, long values, long rowsHolding, long spelledApart, List<String> examples) {
    String column = c.plan().name;
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("values", values);
    evidence.put("rows", rowsHolding);
    evidence.put("spelled_apart", spelledApart);
    evidence.put("non_null", c.nonNull());
    List<String> shown = c.plan().pii ? examples.stream().map(Masking::mask).toList() : examples;
    String folded =
        spelledApart > 0 ? " (" + spelledApart + " of them only once trimmed and case-folded)" : "";
    if (c.identifier()) {
      return new Finding(
          source.name(),
          column,
          Category.DEPENDENCY,
          "almost-key",
          Severity.MEDIUM,
          "unique on nearly every row, but "
              + values
              + " values"
              + folded
              + " are held by more than one "
              + (source.key().isEmpty() ? "row" : "key")
              + ", on "
              + rowsHolding
              + " rows: the new platform may need it unique (a login, a contact);"
              + " decide which holder keeps it",
          evidence,
          shown,
          "# sources."
              + source.name()
              + ": "
              + column
              + " repeats on "
              + rowsHolding
              + " rows: merge the holders (deduplicate) or make it unique in the legacy system");
    }
    return new Finding(
        source.name(),
        column,
        Category.DEPENDENCY,
        "duplicate-label",
        Severity.LOW,
        values
            + " labels"
            + folded
            + " name more than one row, "
            + rowsHolding
            + " rows in all: a lookup by label is ambiguous; check whether they are one code twice",
        evidence,
        shown,
        "# sources."
            + source.name()
            + ": "
            + column
            + " names "
            + rowsHolding
            + " rows with "
            + values
            + " labels: merge duplicated codes or tell them apart");
  }
}
