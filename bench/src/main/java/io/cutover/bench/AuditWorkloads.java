package io.cutover.bench;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.profiles.ColumnProfilerRunner;
import io.cutover.audit.AuditJob;
import io.cutover.audit.AuditOptions;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * What {@code bench/run audit} times, from opening the Parquet folder to the result on the driver.
 * Each returns a number read from its result (rows, findings) so that a run that did nothing would
 * show.
 */
final class AuditWorkloads {
  /**
   * What every workload reads: the customers' Parquet folder, and the spec the audit reads it
   * through.
   */
  record Subject(String customers, MigrationSpec spec) {}

  static final Measured<Subject> SCAN_FLOOR =
      Measured.of(
          "a",
          "scan floor: count(col) for every column",
          "non-null values",
          AuditWorkloads::scanFloor);
  static final Measured<Subject> SQL_PROFILE =
      Measured.of(
          "b", "plain Spark SQL profile, one aggregation", "rows", AuditWorkloads::sqlProfile);
  static final Measured<Subject> DEEQU_PROFILER =
      Measured.<Subject>of(
              "c",
              "Deequ ColumnProfilerRunner, defaults",
              "rows",
              (spark, subject, progress) ->
                  new ColumnProfilerRunner()
                      .onData(spark.read().parquet(subject.customers()))
                      .run()
                      .numRecords())
          .slowly();
  static final Measured<Subject> AUDIT =
      Measured.of(
          "d",
          "Cutover AuditJob, all findings",
          "findings",
          (spark, subject, progress) ->
              new AuditJob(spark, subject.spec(), AuditOptions.allDatasets(), progress)
                  .run()
                  .findings()
                  .size());

  private AuditWorkloads() {}

  static List<Measured<Subject>> all() {
    return List.of(SCAN_FLOOR, SQL_PROFILE, DEEQU_PROFILER, AUDIT);
  }

  private static long scanFloor(SparkSession spark, Subject subject, Progress progress) {
    Dataset<Row> df = spark.read().parquet(subject.customers());
    List<Column> counts = new ArrayList<>();
    for (String c : df.columns()) {
      counts.add(count(col(quote(c))));
    }
    Row r = aggregate(df, counts);
    long total = 0;
    for (int i = 0; i < r.length(); i++) {
      total += r.getLong(i);
    }
    return total;
  }

  /**
   * count, nulls, approx distinct, min, max; for strings also min/max length and blanks: 8 or 5 per
   * column.
   */
  private static long sqlProfile(SparkSession spark, Subject subject, Progress progress) {
    Dataset<Row> df = spark.read().parquet(subject.customers());
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (StructField f : df.schema().fields()) {
      Column c = col(quote(f.name()));
      aggs.add(count(c));
      aggs.add(sum(when(c.isNull(), 1L).otherwise(0L)));
      aggs.add(approx_count_distinct(c));
      aggs.add(min(c));
      aggs.add(max(c));
      if (f.dataType() instanceof StringType) {
        aggs.add(min(length(c)));
        aggs.add(max(length(c)));
        aggs.add(sum(when(trim(c).equalTo(""), 1L).otherwise(0L)));
      }
    }
    return aggregate(df, aggs).getLong(0);
  }

  private static Row aggregate(Dataset<Row> df, List<Column> aggs) {
    return df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
