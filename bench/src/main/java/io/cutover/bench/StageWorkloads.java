package io.cutover.bench;

import io.cutover.core.cohort.CohortAssignment;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.Reference;
import io.cutover.core.spec.SourceSpec;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.cutover.transform.StageResult;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * What {@code bench/run stage} times: a plain Delta overwrite of the rows of every source stage
 * writes (customers and orders in the demo), each partitioned by cohort (the customers' as stage
 * assigns it; a child row's from its parent key, hashed as the customer's key is, no join), and the
 * stage itself, for all cohorts and for one. Each returns the rows it wrote, over all tables.
 */
final class StageWorkloads {
  /**
   * The demo spec the stage runs with, the folder the plain tables go under (one per staged
   * source), and the one cohort of (p1) and (s1).
   */
  record Subject(MigrationSpec spec, String plainPath, String cohort) {}

  static final Measured<Subject> PLAIN_ALL =
      Measured.of(
          "p",
          "plain Delta overwrite, partitioned by cohort",
          "rows written, all tables",
          (spark, subject, progress) -> plainWriteAll(spark, subject, null));
  static final Measured<Subject> STAGE_ALL =
      Measured.of(
          "s",
          "stage of all cohorts (rules, quarantine, conservation)",
          "rows staged, all tables",
          (spark, subject, progress) ->
              new StageCohortJob(
                      spark,
                      subject.spec(),
                      StageOptions.of(StageOptions.ALL_COHORTS, StageOptions.Mode.WRITE),
                      progress)
                  .run().tables().stream().mapToLong(StageResult.Table::staged).sum());
  static final Measured<Subject> PLAIN_COHORT =
      Measured.of(
          "p1",
          "plain Delta write of one cohort's rows (replaceWhere)",
          "rows written, all tables",
          (spark, subject, progress) -> plainWriteAll(spark, subject, subject.cohort()));
  static final Measured<Subject> STAGE_COHORT =
      Measured.of(
          "s1",
          "stage of one cohort",
          "rows staged, all tables",
          (spark, subject, progress) ->
              new StageCohortJob(
                      spark,
                      subject.spec(),
                      StageOptions.of(subject.cohort(), StageOptions.Mode.WRITE),
                      progress)
                  .run().tables().stream().mapToLong(StageResult.Table::staged).sum());

  private StageWorkloads() {}

  static List<Measured<Subject>> all() {
    return List.of(PLAIN_ALL, STAGE_ALL, PLAIN_COHORT, STAGE_COHORT);
  }

  /**
   * Writes every source stage writes, plainly, into its own table under the plain folder: all
   * cohorts when {@code cohort} is null, else only that cohort's rows with {@code replaceWhere}.
   */
  private static long plainWriteAll(SparkSession spark, Subject subject, String cohort) {
    long written = 0;
    for (SourceSpec source : subject.spec().stagedSources()) {
      Dataset<Row> rows = withCohort(spark, subject.spec(), source);
      if (cohort != null) {
        rows = rows.filter(rows.col(StageColumns.COHORT).equalTo(cohort));
      }
      written += plainWrite(spark, rows, subject.plainPath() + "/" + source.name(), cohort);
    }
    return written;
  }

  /**
   * A source's rows read as stage reads them, with the cohort column stage partitions by: the
   * customers' from their key; a child's from the key of the customer its reference names, cast to
   * the key's type and hashed the same way (a plain write does not look the parent up).
   */
  private static Dataset<Row> withCohort(
      SparkSession spark, MigrationSpec spec, SourceSpec source) {
    SourceReader reader = new SourceReader(spark);
    Dataset<Row> rows = reader.read(source);
    Optional<Reference> parent = spec.parentOf(source.name());
    if (parent.isEmpty()) {
      return rows.withColumn(
          StageColumns.COHORT, CohortAssignment.of(spec.cohorts(), source.key()));
    }
    if (!parent.get().to().equals(spec.cohorts().source())) {
      throw new IllegalStateException(
          "The plain baseline follows one reference to the customers; "
              + source.name()
              + " is further away");
    }
    DataType keyType =
        reader.read(spec.customers()).schema().apply(parent.get().toColumn()).dataType();
    return rows.withColumn(
        StageColumns.COHORT,
        CohortAssignment.ofValues(
            spec.cohorts(), List.of(functions.col(parent.get().column()).cast(keyType))));
  }

  /**
   * Overwrites a plain table (only {@code cohort}'s partition unless null) and returns the rows
   * Delta says it wrote.
   */
  private static long plainWrite(
      SparkSession spark, Dataset<Row> rows, String path, String cohort) {
    DataFrameWriter<Row> writer = rows.write().format("delta").mode("overwrite");
    if (cohort == null) {
      writer = writer.partitionBy(StageColumns.COHORT);
    } else {
      writer = writer.option("replaceWhere", StageColumns.COHORT + " = '" + cohort + "'");
    }
    writer.save(path);
    Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    return Long.parseLong(
        last.<scala.collection.Map<String, String>>getAs(0).apply("numOutputRows"));
  }
}
