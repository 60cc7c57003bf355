package io.cutover.reconcile;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The append-only Delta table of reconcile metrics: one row per run, cohort, check and number (the check's own
 * counts and the Deequ metrics behind the integrity constraints), so a cohort's results can be compared over
 * time. A Delta table rather than Deequ's FileSystemMetricsRepository: one JSON file rewritten per run does not
 * survive two schedulers reconciling different cohorts at once, and the audit's history is Delta too.
 */
public final class ReconcileMetrics {
    static final StructType SCHEMA = new StructType()
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
    public record Change(String check, String metric, double before, double after) {
    }

    /** What changed since the previous reconcile of the cohort; empty (with no run id) on the first. */
    public record SincePrevious(String runId, List<Change> changed) {
    }

    /** Every number of every check of a run, by check and metric name. */
    static Map<String, Map<String, Double>> numbersOf(ReconcileResult result) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (CheckOutcome c : result.checks()) {
            Map<String, Double> numbers = new LinkedHashMap<>();
            c.numbers().forEach((metric, value) -> {
                if (value instanceof Number n) {
                    numbers.put(metric, n.doubleValue());
                }
            });
            out.put(c.check(), numbers);
        }
        return out;
    }

    SincePrevious compare(ReconcileResult result) {
        if (!DeltaTable.isDeltaTable(spark, path)) {
            return new SincePrevious(null, List.of());
        }
        Dataset<Row> mine = spark.read().format("delta").load(path)
                .filter(functions.col("migration").equalTo(migration).and(functions.col("cohort").equalTo(result.cohort())));
        List<Row> last = mine.orderBy(functions.col("checked_at").desc(), functions.col("run_id").desc()).select("run_id").limit(1).collectAsList();
        if (last.isEmpty()) {
            return new SincePrevious(null, List.of());
        }
        String runId = last.get(0).getString(0);
        Map<String, Map<String, Double>> now = numbersOf(result);
        List<Change> changed = new ArrayList<>();
        for (Row r : mine.filter(functions.col("run_id").equalTo(runId)).select("check", "metric", "value").collectAsList()) {
            Double after = now.getOrDefault(r.getString(0), Map.of()).get(r.getString(1));
            if (after != null && after.doubleValue() != r.getDouble(2)) {
                changed.add(new Change(r.getString(0), r.getString(1), r.getDouble(2), after));
            }
        }
        return new SincePrevious(runId, changed);
    }

    /** Appends the run's numbers in one commit. */
    void append(ReconcileResult result) {
        Timestamp at = Timestamp.from(result.finishedAt());
        List<Row> rows = new ArrayList<>();
        numbersOf(result).forEach((check, numbers) -> numbers.forEach((metric, value) ->
                rows.add(RowFactory.create(result.runId(), at, migration, result.cohort(), check, metric, value))));
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode("append").save(path);
    }
}
