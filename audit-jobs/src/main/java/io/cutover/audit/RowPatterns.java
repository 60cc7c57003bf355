package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Checks of what real legacy rows hold beyond a column's own profile: password hashes by format,
 * amounts that are zero or negative among positive ones, dates in an impossible order within a row,
 * twin columns that disagree, and the case and shape of text. Each check contributes aggregate
 * expressions; all of them run in ONE scan of the dataset, then each check turns its numbers into
 * findings.
 */
final class RowPatterns {
  /** Below this many rows a pattern is not evidence. */
  static final long MIN_ROWS = 20;

  /** One check: its aggregates in the shared scan, then its findings from their values. */
  interface Check {
    List<Column> aggregates();

    List<Finding> findings(Row result, int offset, long rows);

    /**
     * Learns from the same aggregates over the first rows (a subset of the rows) which of its
     * sub-checks cannot fire on the whole dataset, so that {@link #aggregates()} may replace their
     * expressions by constants of the same shape. Exact where a counter-example in the first rows
     * rules a finding out; see each check for the rest.
     */
    default void narrow(Row sample, int offset) {}
  }

  private final SourceSpec source;
  private final Dataset<Row> data;
  private final java.util.Set<String> placeholders;

  /** {@code placeholders}: the spec's values that mean "no value" (N/A, -, ...). */
  RowPatterns(SourceSpec source, Dataset<Row> data, java.util.Set<String> placeholders) {
    this.source = source;
    this.data = data;
    this.placeholders = placeholders;
  }

  List<Finding> run() {
    List<Check> checks =
        List.of(
            new CredentialCheck(source, data.schema()),
            new AmountSignCheck(source, data.schema()),
            new TemporalOrderCheck(source, data.schema()),
            new TwinColumnCheck(source, data.schema()),
            new TextShapeCheck(source, data.schema()),
            new CsvShapeCheck(
                source, data.schema(), data.sparkSession().sparkContext().hadoopConfiguration()),
            new EmptyFormsCheck(source, data.schema(), placeholders));
    List<Integer> offsets = new ArrayList<>();
    List<Column> all = aggregates(checks, offsets);
    if (all.size() == 1) {
      return List.of();
    }
    // The first rows first: a value there that rules a finding out spares its expressions (the
    // regexes on every row of every text column) in the full scan.
    data.sparkSession()
        .sparkContext()
        .setJobDescription("audit " + source.name() + ": row patterns in the first rows");
    Row sample =
        data.limit(SemanticDetector.SAMPLE_ROWS)
            .agg(all.get(0), all.subList(1, all.size()).toArray(Column[]::new))
            .first();
    for (int i = 0; i < checks.size(); i++) {
      checks.get(i).narrow(sample, offsets.get(i));
    }
    all = aggregates(checks, new ArrayList<>());
    data.sparkSession()
        .sparkContext()
        .setJobDescription(
            "audit "
                + source.name()
                + ": row patterns (credentials, amounts, date order, twins, text shape)");
    Row result = data.agg(all.get(0), all.subList(1, all.size()).toArray(Column[]::new)).first();
    long rows = result.getLong(0);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < checks.size(); i++) {
      if (!checks.get(i).aggregates().isEmpty()) {
        out.addAll(checks.get(i).findings(result, offsets.get(i), rows));
      }
    }
    return out;
  }

  private static List<Column> aggregates(List<Check> checks, List<Integer> offsets) {
    List<Column> all = new ArrayList<>();
    all.add(functions.count(functions.lit(1)));
    for (Check c : checks) {
      offsets.add(all.size());
      all.addAll(c.aggregates());
    }
    return all;
  }

  /**
   * The columns of {@code schema} that a check reads: text the user gave (not our own _ columns),
   * outside the key.
   */
  static List<String> textColumns(org.apache.spark.sql.types.StructType schema, SourceSpec source) {
    List<String> out = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (f.dataType() == org.apache.spark.sql.types.DataTypes.StringType
          && !f.name().startsWith("_")
          && !source.key().contains(f.name())) {
        out.add(f.name());
      }
    }
    return out;
  }

  static Column col(String name) {
    return functions.col(Predicates.quote(name));
  }

  static Column countIf(Column condition) {
    return functions.sum(functions.when(condition, 1L).otherwise(0L));
  }

  static long at(Row r, int i) {
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
  }
}
