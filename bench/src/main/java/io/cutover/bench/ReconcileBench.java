package io.cutover.bench;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.cutover.transform.StageResult;
import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code bench/run reconcile}: how long reconciling takes next to plain comparisons, in one JVM on
 * one local session. Untimed setup: the demo's customers are staged with the demo spec (all cohorts
 * in one stage run, which records a run per cohort), then defects are planted in the staged table
 * with Delta: 0.1% of the customers' rows changed, 0.05% deleted, 0.05% duplicated. Timed: (a) a
 * keyed xxhash64 diff and (b) exceptAll both ways between each staged table (customers and orders)
 * as staged and as it is now; (c) the reconcile of every cohort in one run, over the same tables;
 * (d) the reconcile of one cohort. Targets: c at most 1.5 x a (issue 20), b at least 3 x c, d at
 * most 10% of c.
 */
final class ReconcileBench {
  static final double RECONCILE_VS_DIFF_MAX = 1.5;
  static final double EXCEPT_VS_RECONCILE_MIN = 3.0;
  static final double COHORT_VS_ALL_MAX = 0.10;

  /** Per 10,000 staged rows, by a hash of the key: changed, deleted, duplicated. */
  static final int CHANGED = 10;

  static final int MISSING = 5;
  static final int DUPLICATED = 5;

  private ReconcileBench() {}

  static void run(Rounds rounds) throws InterruptedException {
    BenchData[] data = rounds.dataAndWarmUp();
    List<Measured<ReconcileWorkloads.Subject>> workloads = ReconcileWorkloads.all();
    rounds.warmUp(workloads, prepare(rounds, data[1]), data[1].rows());

    ReconcileWorkloads.Subject subject = prepare(rounds, data[0]);
    BenchOptions options = rounds.options();
    rounds
        .out()
        .printf(
            "%nMeasuring on %,d rows, %d cohorts: %d runs each, (b) %d%n",
            data[0].rows(),
            subject.spec().cohorts().count(),
            options.repeats(),
            options.slowRepeats());
    Rounds.Results<ReconcileWorkloads.Subject> results = rounds.measure(workloads, subject);
    BenchReport report = new BenchReport(rounds.out());
    report.table(
        data[0].rows(),
        options,
        workloads,
        results,
        List.of(
            BenchReport.Ratio.atMost(
                "c",
                "a",
                RECONCILE_VS_DIFF_MAX,
                "reconcile of all cohorts at most 2x the keyed diff"),
            BenchReport.Ratio.atLeast(
                "b", "c", EXCEPT_VS_RECONCILE_MIN, "at least 3x faster than exceptAll"),
            BenchReport.Ratio.atMost(
                "d", "c", COHORT_VS_ALL_MAX, "one 1% cohort at most 10% of all cohorts"),
            BenchReport.Ratio.forScale("d", "a")));
    report.breakdownOf(results, ReconcileWorkloads.RECONCILE_ALL);
    report.breakdownOf(results, ReconcileWorkloads.RECONCILE_COHORT);
  }

  /**
   * Stages the data afresh under its {@code reconcile} folder, then plants the defects; the subject
   * names the clean version.
   */
  private static ReconcileWorkloads.Subject prepare(Rounds rounds, BenchData data) {
    SparkSession spark = rounds.spark();
    Path area = data.area("reconcile");
    BenchData.deleteTree(area);
    MigrationSpec spec = data.demoSpec(StageBench.repoRoot(), "reconcile");
    StageResult[] staged = new StageResult[1];
    PrintStream out = rounds.out();
    rounds.step(
        String.format(
            "Staged all %d cohorts of %,d rows into %s",
            spec.cohorts().count(), data.rows(), spec.target().stagedPath()),
        () ->
            staged[0] =
                new StageCohortJob(
                        spark,
                        spec,
                        StageOptions.of(StageOptions.ALL_COHORTS, StageOptions.Mode.WRITE),
                        Progress.SILENT)
                    .run());
    out.printf(
        "  %,d source rows: %,d staged, %,d quarantined, %,d excluded, %,d merged%n",
        staged[0].sourceRows(),
        staged[0].staged(),
        staged[0].quarantined(),
        staged[0].excluded(),
        staged[0].merged());
    long committed = staged[0].stagedVersion();
    String key = spec.customers().key().get(0);
    // The baselines compare every table the stage wrote (and reconcile checks), not only the
    // customers: their versions before the defects.
    List<ReconcileWorkloads.Table> tables =
        staged[0].tables().stream()
            .map(
                t ->
                    new ReconcileWorkloads.Table(
                        spec.targetOf(t.table()).stagedPath(),
                        spec.source(t.table()).key().get(0),
                        t.stagedVersion()))
            .toList();
    Dataset<Row> clean =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", committed)
            .load(spec.target().stagedPath());
    long[] planted = new long[3];
    rounds.step(
        "Planted defects with Delta (update, delete, append)",
        () -> {
          planted[0] = clean.filter(bucket(key, 0, CHANGED)).count();
          planted[1] = clean.filter(bucket(key, CHANGED, CHANGED + MISSING)).count();
          planted[2] =
              clean.filter(bucket(key, CHANGED + MISSING, CHANGED + MISSING + DUPLICATED)).count();
          DeltaTable table = DeltaTable.forPath(spark, spec.target().stagedPath());
          table.update(
              bucket(key, 0, CHANGED),
              Map.of(
                  "last_name",
                  functions.concat(
                      functions.coalesce(functions.col("last_name"), functions.lit("")),
                      functions.lit("~"))));
          table.delete(bucket(key, CHANGED, CHANGED + MISSING));
          clean
              .filter(bucket(key, CHANGED + MISSING, CHANGED + MISSING + DUPLICATED))
              .write()
              .format("delta")
              .mode("append")
              .save(spec.target().stagedPath());
        });
    out.printf(
        "  %,d rows changed (last_name), %,d deleted, %,d duplicated: %,d defects to find%n",
        planted[0], planted[1], planted[2], planted[0] + planted[1] + planted[2]);
    return new ReconcileWorkloads.Subject(spec, tables, StageBench.COHORT);
  }

  /** Rows whose key hashes into [from, to) of 10,000 buckets: the same rows on every run. */
  private static Column bucket(String key, int from, int to) {
    Column b =
        functions.pmod(
            functions.xxhash64(functions.lit(7), functions.col(key)), functions.lit(10_000L));
    return b.geq(from).and(b.lt(to));
  }
}
