package io.cutover.reconcile;

import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.ReconcileSpec;
import io.cutover.core.spec.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Aggregate parity between the expected and the staged rows: sum, min and max of every numeric
 * column, and the exact distinct count of every categorical text column, one aggregation grouped by
 * cohort over both sides. Exact unless the spec gives a column a tolerance (e.g. a double summed in
 * another order, or a target that keeps fewer decimals by design).
 *
 * <p>A text column is categorical in a cohort when its staged rows hold at most {@code
 * categorical-max-distinct} values there, judged from an approximate count ({@link StagedCounts};
 * deterministic for the same values, so a cohort gets the same answer alone or with others).
 * Counted exactly as the size of the set of values (a set per cohort and column, small for such
 * columns; {@code countDistinct} would copy every row once per column and side); names, e-mails and
 * other near-unique text would fill the sets for nothing the row-level diff does not already see.
 */
final class AggregateParity {
  private final ReconcileSpec settings;

  AggregateParity(ReconcileSpec settings) {
    this.settings = settings;
  }

  /**
   * One aggregate compared between the sides (over the rows where its argument holds), in the
   * cohorts it applies to.
   */
  private record Aggregate(
      String name,
      java.util.function.Function<Column, Column> column,
      Tolerance tolerance,
      Set<String> cohorts) {}

  /**
   * Approximate distinct counts of the text columns, per cohort: they pick the columns counted
   * exactly where.
   */
  record Estimates(List<String> columns, Map<String, List<Long>> byCohort) {
    /** The text columns among the compared {@code columns}. */
    static List<String> textColumns(StructType schema, List<String> columns) {
      return Arrays.stream(schema.fields())
          .filter(
              f ->
                  columns.contains(f.name())
                      && !f.name().equals(StageColumns.COHORT)
                      && f.dataType() instanceof StringType)
          .map(StructField::name)
          .toList();
    }

    /** One aggregate per text column, for a pass grouped by cohort. */
    static List<Column> aggregates(List<String> text) {
      return text.stream()
          .map(c -> functions.approx_count_distinct(functions.col(Sql.column(c))))
          .toList();
    }

    /** The estimates from {@link #aggregates} at {@code from} onwards in a row of that pass. */
    static List<Long> read(Row r, int from, int n) {
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(r.getLong(from + i));
      }
      return out;
    }
  }

  /**
   * An aggregates outcome for each of {@code cohorts}, comparing the expected rows with the staged
   * ones in one aggregation grouped by cohort over both. Some keys may be vouched for by their
   * hashes: {@code tagged} holds the staged rows with a boolean column {@code suspect}. A vouched
   * row counts for both sides, a suspect's staged row for the staged side, and the {@code expected}
   * rows (recomputed, of the suspects only) for the expected side.
   */
  Map<String, CheckOutcome> check(
      Dataset<Row> expected,
      Dataset<Row> tagged,
      String suspect,
      List<String> columns,
      List<String> cohorts,
      Estimates estimates) {
    List<String> withTag = new ArrayList<>(columns);
    withTag.add(suspect);
    Dataset<Row> sides =
        values(tagged, withTag)
            .unionByName(
                values(expected.withColumn(suspect, functions.lit(null).cast("boolean")), withTag));
    Column s = functions.col(suspect);
    return aggregate(
        sides, s.isNull().or(functions.not(s)), s.isNotNull(), columns, cohorts, estimates);
  }

  /** The compared columns and the cohort, the shape both sides take. */
  private static Dataset<Row> values(Dataset<Row> rows, List<String> columns) {
    List<Column> keep =
        new ArrayList<>(
            columns.stream()
                .filter(c -> !c.equals(StageColumns.COHORT))
                .map(c -> rows.col(Sql.column(c)))
                .toList());
    keep.add(rows.col(StageColumns.COHORT));
    return rows.select(keep.toArray(Column[]::new));
  }

  /**
   * The aggregation over both sides' rows: {@code inExpected} and {@code inActual} say which side a
   * row counts for.
   */
  private Map<String, CheckOutcome> aggregate(
      Dataset<Row> sides,
      Column inExpected,
      Column inActual,
      List<String> columns,
      List<String> cohorts,
      Estimates estimates) {
    Set<String> all = new TreeSet<>(cohorts);
    List<Aggregate> aggs = new ArrayList<>();
    for (StructField f : sides.schema().fields()) {
      if (!columns.contains(f.name()) || f.name().equals(StageColumns.COHORT)) {
        continue;
      }
      Column c = functions.col(Sql.column(f.name()));
      Tolerance tolerance = settings.toleranceOf(f.name());
      if (f.dataType() instanceof NumericType) {
        aggs.add(
            new Aggregate(
                "sum(" + f.name() + ")",
                side -> functions.sum(functions.when(side, c)),
                tolerance,
                all));
        aggs.add(
            new Aggregate(
                "min(" + f.name() + ")",
                side -> functions.min(functions.when(side, c)),
                tolerance,
                all));
        aggs.add(
            new Aggregate(
                "max(" + f.name() + ")",
                side -> functions.max(functions.when(side, c)),
                tolerance,
                all));
      }
    }
    Map<String, Set<String>> categorical = categorical(estimates);
    categorical.forEach(
        (column, in) ->
            aggs.add(
                new Aggregate(
                    "distinct(" + column + ")",
                    side ->
                        functions.size(
                            functions.collect_set(
                                functions.when(
                                    side.and(functions.col(StageColumns.COHORT).isin(in.toArray())),
                                    functions.col(Sql.column(column))))),
                    settings.toleranceOf(column),
                    in)));
    Map<String, CheckOutcome> out = new TreeMap<>();
    if (aggs.isEmpty()) {
      cohorts.forEach(
          cohort ->
              out.put(
                  cohort,
                  CheckOutcome.pass(
                      "aggregates",
                      "no numeric or categorical text columns to compare",
                      Map.of())));
      return out;
    }
    List<Column> columnsOf =
        new ArrayList<>(aggs.stream().map(a -> a.column().apply(inExpected)).toList());
    columnsOf.addAll(aggs.stream().map(a -> a.column().apply(inActual)).toList());
    Map<String, Row> byCohort = byCohort(sides, columnsOf);
    int n = aggs.size();
    for (String cohort : cohorts) {
      Map<String, Object> numbers = new LinkedHashMap<>();
      List<String> differ = new ArrayList<>();
      List<String> distinct = new ArrayList<>();
      int compared = 0;
      long tolerant = 0;
      for (int i = 0; i < aggs.size(); i++) {
        Aggregate agg = aggs.get(i);
        if (!agg.cohorts().contains(cohort)) {
          continue;
        }
        compared++;
        tolerant += agg.tolerance().isExact() ? 0 : 1;
        if (agg.name().startsWith("distinct(")) {
          distinct.add(agg.tolerance().column());
        }
        Object ev = value(byCohort.get(cohort), i);
        Object av = value(byCohort.get(cohort), n + i);
        if (!agree(ev, av, agg.tolerance())) {
          Tolerance t = agg.tolerance();
          differ.add(
              agg.name()
                  + ": expected "
                  + ev
                  + ", staged "
                  + av
                  + (t.isExact() ? "" : " (beyond the tolerance at " + t.origin() + ")"));
          numbers.put(
              agg.name(), Map.of("expected", String.valueOf(ev), "staged", String.valueOf(av)));
        }
      }
      String scope =
          distinct.isEmpty()
              ? "sum, min, max of numbers"
              : "sum, min, max of numbers; distinct counts of " + String.join(", ", distinct);
      out.put(
          cohort,
          differ.isEmpty()
              ? CheckOutcome.pass(
                  "aggregates",
                  compared
                      + " aggregates agree ("
                      + scope
                      + ")"
                      + (tolerant == 0
                          ? ""
                          : ", " + tolerant + " of them with the spec's tolerances"),
                  Map.of("compared", compared))
              : new CheckOutcome(
                  "aggregates", Verdict.FAIL, String.join("; ", differ), numbers, List.of()));
    }
    return out;
  }

  /**
   * For each text column, the cohorts where its expected rows hold few enough values to count them
   * exactly.
   */
  private Map<String, Set<String>> categorical(Estimates estimates) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < estimates.columns().size(); i++) {
      Set<String> in = new TreeSet<>();
      for (Map.Entry<String, List<Long>> r : estimates.byCohort().entrySet()) {
        if (r.getValue().get(i) <= settings.categoricalMaxDistinct()) {
          in.add(r.getKey());
        }
      }
      if (!in.isEmpty()) {
        out.put(estimates.columns().get(i), in);
      }
    }
    return out;
  }

  private static Map<String, Row> byCohort(Dataset<Row> rows, List<Column> aggs) {
    Map<String, Row> out = new TreeMap<>();
    rows.groupBy(rows.col(StageColumns.COHORT))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r));
    return out;
  }

  /** The i-th aggregate of a cohort; a cohort with no rows on a side has null sums. */
  private static Object value(Row r, int i) {
    return r == null ? null : r.get(i + 1);
  }

  /** Exact unless the column has a tolerance; a null on one side only never agrees. */
  private static boolean agree(Object expected, Object staged, Tolerance tolerance) {
    if (tolerance.isExact() || !(expected instanceof Number e) || !(staged instanceof Number a)) {
      return java.util.Objects.equals(normalize(expected), normalize(staged));
    }
    return tolerance.allows(e.doubleValue(), a.doubleValue());
  }

  private static Object normalize(Object v) {
    return v instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : v;
  }
}
