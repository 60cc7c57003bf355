package io.cutover.audit;

import io.cutover.core.delta.AppendOnlyTable;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The append-only Delta table of audit metrics: one row per run, dataset, column and metric, so
 * trends across audits can be read (and the notebooks chart them). Each run appends in one Delta
 * commit.
 */
public final class MetricsHistory {
  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("run_time", DataTypes.TimestampType, false)
          .add("migration", DataTypes.StringType, false)
          .add("dataset", DataTypes.StringType, false)
          .add("column", DataTypes.StringType, false)
          .add("metric", DataTypes.StringType, false)
          .add("value", DataTypes.DoubleType, true);

  private final SparkSession spark;
  private final String path;

  public MetricsHistory(SparkSession spark, String path) {
    this.spark = spark;
    this.path = path;
  }

  public String path() {
    return path;
  }

  /**
   * The metrics of the latest earlier run of this migration, by dataset/column/metric; empty on the
   * first audit.
   */
  Previous previous(String migration) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return new Previous(null, Map.of());
    }
    Dataset<Row> mine =
        spark
            .read()
            .format("delta")
            .load(path)
            .filter(functions.col("migration").equalTo(migration));
    Row last =
        mine
            .orderBy(functions.col("run_time").desc(), functions.col("run_id").desc())
            .select("run_id")
            .limit(1)
            .collectAsList()
            .stream()
            .findFirst()
            .orElse(null);
    if (last == null) {
      return new Previous(null, Map.of());
    }
    String runId = last.getString(0);
    Map<String, Double> values = new HashMap<>();
    for (Row r :
        mine.filter(functions.col("run_id").equalTo(runId))
            .select("dataset", "column", "metric", "value")
            .collectAsList()) {
      if (!r.isNullAt(3)) {
        values.put(key(r.getString(0), r.getString(1), r.getString(2)), r.getDouble(3));
      }
    }
    return new Previous(runId, values);
  }

  record Previous(String runId, Map<String, Double> values) {}

  static String key(String dataset, String column, String metric) {
    return dataset + "\u0001" + column + "\u0001" + metric;
  }

  /** Appends this run's metrics in one commit. */
  public void append(AuditResult result) {
    List<Row> rows = new ArrayList<>();
    Timestamp time = Timestamp.from(result.startedAt());
    metrics(result)
        .forEach(
            (k, v) -> {
              String[] parts = k.split("\u0001", 3);
              rows.add(
                  RowFactory.create(
                      result.runId(), time, result.migration(), parts[0], parts[1], parts[2], v));
            });
    AppendOnlyTable.append(spark.createDataFrame(rows, SCHEMA).coalesce(1), path);
  }

  /**
   * Every number a run measured, keyed like {@link #key}; the same set is compared against the
   * previous run.
   */
  static Map<String, Double> metrics(AuditResult result) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (DatasetProfile d : result.datasets()) {
      out.put(key(d.name(), "*", "rows"), (double) d.rows());
      out.put(key(d.name(), "*", "unparseable_rows"), (double) d.unparseableRows());
      for (ColumnProfile c : d.columns()) {
        put(out, d.name(), c.name(), "completeness", c.completeness());
        put(out, d.name(), c.name(), "approx_distinct", (double) c.approxDistinct());
        put(out, d.name(), c.name(), "blank", (double) c.blank());
        put(out, d.name(), c.name(), "placeholders", (double) c.placeholders());
        put(out, d.name(), c.name(), "meaningful", (double) c.meaningful());
        put(out, d.name(), c.name(), "min", c.min());
        put(out, d.name(), c.name(), "max", c.max());
        put(out, d.name(), c.name(), "mean", c.mean());
        put(out, d.name(), c.name(), "stddev", c.stddev());
        put(
            out,
            d.name(),
            c.name(),
            "min_length",
            c.minLength() == null ? null : c.minLength().doubleValue());
        put(
            out,
            d.name(),
            c.name(),
            "max_length",
            c.maxLength() == null ? null : c.maxLength().doubleValue());
      }
    }
    for (Finding f : result.findings()) {
      Object rows = f.evidence().get("rows");
      if (rows instanceof Number n) {
        out.put(key(f.dataset(), f.column(), "finding:" + f.type()), n.doubleValue());
      }
    }
    return out;
  }

  private static void put(
      Map<String, Double> out, String dataset, String column, String metric, Double value) {
    if (value != null) {
      out.put(key(dataset, column, metric), value);
    }
  }
}
