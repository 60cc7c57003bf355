package io.cutover.bench;

import io.cutover.core.cohort.CohortAssignment;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code bench/run stage} times: a plain Delta overwrite of the source rows partitioned by
 * cohort (read and assigned to cohorts as stage does), and the stage itself, for all cohorts and
 * for one. Each returns the rows it wrote.
 */
final class StageWorkloads {
  /**
   * The demo spec the stage runs with, where the plain writes go, and the one cohort of (p1) and
   * (s1).
   */
  record Subject(MigrationSpec spec, String plainPath, String cohort) {}

  static final Measured<Subject> PLAIN_ALL =
      Measured.of(
          "p",
          "plain Delta overwrite, partitioned by cohort",
          "rows written",
          (spark, subject, progress) ->
              plainWrite(spark, subject, withCohort(spark, subject), null));
  static final Measured<Subject> STAGE_ALL =
      Measured.of(
          "s",
          "stage of all cohorts (rules, quarantine, conservation)",
          "rows staged",
          (spark, subject, progress) ->
              new StageCohortJob(
                      spark,
                      subject.spec(),
                      StageOptions.of(StageOptions.ALL_COHORTS, StageOptions.Mode.WRITE),
                      progress)
                  .run()
                  .staged());
  static final Measured<Subject> PLAIN_COHORT =
      Measured.of(
          "p1",
          "plain Delta write of one cohort's rows (replaceWhere)",
          "rows written",
          (spark, subject, progress) -> {
            Dataset<Row> rows = withCohort(spark, subject);
            return plainWrite(
                spark,
                subject,
                rows.filter(rows.col(StageColumns.COHORT).equalTo(subject.cohort())),
                subject.cohort());
          });
  static final Measured<Subject> STAGE_COHORT =
      Measured.of(
          "s1",
          "stage of one cohort",
          "rows staged",
          (spark, subject, progress) ->
              new StageCohortJob(
                      spark,
                      subject.spec(),
                      StageOptions.of(subject.cohort(), StageOptions.Mode.WRITE),
                      progress)
                  .run()
                  .staged());

  private StageWorkloads() {}

  static List<Measured<Subject>> all() {
    return List.of(PLAIN_ALL, STAGE_ALL, PLAIN_COHORT, STAGE_COHORT);
  }

  /** The source rows read as stage reads them, with the cohort column stage partitions by. */
  private static Dataset<Row> withCohort(SparkSession spark, Subject subject) {
    MigrationSpec spec = subject.spec();
    return new SourceReader(spark)
        .read(spec.customers())
        .withColumn(
            StageColumns.COHORT, CohortAssignment.of(spec.cohorts(), spec.customers().key()));
  }

  /**
   * Overwrites the plain table (only {@code cohort}'s partition unless null) and returns the rows
   * Delta says it wrote.
   */
  private static long plainWrite(
      SparkSession spark, Subject subject, Dataset<Row> rows, String cohort) {
    DataFrameWriter<Row> writer = rows.write().format("delta").mode("overwrite");
    if (cohort == null) {
      writer = writer.partitionBy(StageColumns.COHORT);
    } else {
      writer = writer.option("replaceWhere", StageColumns.COHORT + " = '" + cohort + "'");
    }
    writer.save(subject.plainPath());
    Row last =
        DeltaTable.forPath(spark, subject.plainPath())
            .history(1)
            .select("operationMetrics")
            .first();
    return Long.parseLong(
        last.<scala.collection.Map<String, String>>getAs(0).apply("numOutputRows"));
  }
}
