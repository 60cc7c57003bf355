package io.cutover.reconcile;

import io.cutover.core.delta.AppendOnlyTable;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The append-only Delta table of reconcile metrics: one row per run, cohort, check and number (the
 * check's own counts and the Deequ metrics behind the integrity constraints), so a cohort's results
 * can be compared over time. A Delta table rather than Deequ's FileSystemMetricsRepository: one
 * JSON file rewritten per run does not survive two schedulers reconciling different cohorts at
 * once, and the audit's history is Delta too.
 */
public final class ReconcileMetrics {
  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("checked_at", DataTypes.TimestampType, false)
          .add("migration", DataTypes.StringType, false)
          .add("cohort", DataTypes.StringType, false)
          .add("check", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, false);

  private final SparkSession spark;
  private final String path;
  private final String migration;

  public ReconcileMetrics(SparkSession spark, String path, String migration) {
    this.spark = spark;
    this.path = path;
    this.migration = migration;
  }

  public String path() {
    return path;
  }

  /** A number that moved since the cohort's previous reconcile. */
  public record Change(String check, String metric, double before, double after) {}

  /**
   * What changed since the previous reconcile of the cohort; empty (with no run id) on the first.
   */
  public record SincePrevious(String runId, List<Change> changed) {}

  /** Every number of every check of a run, by check and metric name. */
  static Map<String, Map<String, Double>> numbersOf(ReconcileResult result) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (CheckOutcome c : result.checks()) {
      Map<String, Double> numbers = new LinkedHashMap<>();
      c.numbers()
          .forEach(
              (metric, value) -> {
                if (value instanceof Number n) {
                  numbers.put(metric, n.doubleValue());
                }
              });
      out.put(c.check(), numbers);
    }
    return out;
  }

  /**
   * For each result, what moved since its cohort's previous reconcile: one read of the table for
   * all of them.
   */
  Map<String, SincePrevious> compare(List<ReconcileResult> results) {
    Map<String, SincePrevious> out = new LinkedHashMap<>();
    results.forEach(r -> out.put(r.cohort(), new SincePrevious(null, List.of())));
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return out;
    }
    Dataset<Row> mine =
        spark
            .read()
            .format("delta")
            .load(path)
            .filter(
                functions
                    .col("migration")
                    .equalTo(migration)
                    .and(functions.col("cohort").isin(out.keySet().toArray())));
    Dataset<Row> latest =
        mine.select("cohort", "run_id", "checked_at")
            .distinct()
            .withColumn(
                "_n",
                functions
                    .row_number()
                    .over(
                        Window.partitionBy("cohort")
                            .orderBy(
                                functions.col("checked_at").desc(),
                                functions.col("run_id").desc())))
            .filter("_n = 1")
            .select("cohort", "run_id");
    Map<String, String> previousRun = new HashMap<>();
    Map<String, List<Row>> previous = new HashMap<>();
    for (Row r :
        mine.join(latest, JavaConverters.asScalaBuffer(List.of("cohort", "run_id")).toSeq())
            .select("cohort", "run_id", "check", "metric", "value")
            .collectAsList()) {
      previousRun.put(r.getString(0), r.getString(1));
      previous.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    for (ReconcileResult result : results) {
      if (!previousRun.containsKey(result.cohort())) {
        continue;
      }
      Map<String, Map<String, Double>> now = numbersOf(result);
      List<Change> changed = new ArrayList<>();
      for (Row r : previous.get(result.cohort())) {
        Double after = now.getOrDefault(r.getString(2), Map.of()).get(r.getString(3));
        if (after != null && after.doubleValue() != r.getDouble(4)) {
          changed.add(new Change(r.getString(2), r.getString(3), r.getDouble(4), after));
        }
      }
      changed.sort(java.util.Comparator.comparing(Change::check).thenComparing(Change::metric));
      out.put(result.cohort(), new SincePrevious(previousRun.get(result.cohort()), changed));
    }
    return out;
  }

  /** Appends the numbers of every result in one commit. */
  void append(List<ReconcileResult> results) {
    List<Row> rows = new ArrayList<>();
    for (ReconcileResult result : results) {
      Timestamp at = Timestamp.from(result.finishedAt());
      numbersOf(result)
          .forEach(
              (check, numbers) ->
                  numbers.forEach(
                      (metric, value) ->
                          rows.add(
                              RowFactory.create(
                                  result.runId(),
                                  at,
                                  migration,
                                  result.cohort(),
                                  check,
                                  metric,
                                  value))));
    }
    AppendOnlyTable.append(spark.createDataFrame(rows, SCHEMA).coalesce(1), path);
  }
}
