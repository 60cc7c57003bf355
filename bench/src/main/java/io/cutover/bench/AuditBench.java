package io.cutover.bench;

import java.util.List;

/**
 * {@code bench/run audit}: how long the audit takes next to what it replaces, measured in one JVM
 * on one local session. On the demo's customers (18 columns, {@code --rows}, Parquet, generated
 * once and reused) it times (a) the scan floor, one count(col) per column; (b) a plain one-pass
 * Spark SQL profile; (c) Deequ's ColumnProfilerRunner; (d) {@link io.cutover.audit.AuditJob} with
 * all its findings, warmed up and interleaved by {@link Rounds}, and compares the medians as
 * ratios: the machine is noisy, ratios measured side by side are what carry over. Prints to stdout;
 * writes only under {@code --work}.
 */
final class AuditBench {
  static final double AUDIT_VS_SQL_MAX = 2.0;
  static final double DEEQU_VS_AUDIT_MIN = 5.0;

  private AuditBench() {}

  static void run(Rounds rounds) throws InterruptedException {
    BenchData[] data = rounds.dataAndWarmUp();
    List<Measured<AuditWorkloads.Subject>> workloads = AuditWorkloads.all();
    rounds.warmUp(workloads, data[1].subject(), data[1].rows());

    AuditWorkloads.Subject subject = data[0].subject();
    BenchOptions options = rounds.options();
    rounds
        .out()
        .printf(
            "%nMeasuring on %,d rows x %d columns (%d Parquet files, %,d MB): %d runs each, (c) %d%n",
            data[0].rows(),
            rounds.spark().read().parquet(subject.customers()).columns().length,
            data[0].files(),
            data[0].bytesOnDisk() >> 20,
            options.repeats(),
            options.slowRepeats());
    Rounds.Results<AuditWorkloads.Subject> results = rounds.measure(workloads, subject);
    BenchReport report = new BenchReport(rounds.out());
    report.table(
        data[0].rows(),
        options,
        workloads,
        results,
        List.of(
            BenchReport.Ratio.atMost(
                "d", "b", AUDIT_VS_SQL_MAX, "audit at most 2x the plain SQL profile"),
            BenchReport.Ratio.atLeast(
                "c", "d", DEEQU_VS_AUDIT_MIN, "audit at least 5x faster than Deequ's profiler"),
            BenchReport.Ratio.forScale("b", "a")));
    report.breakdownOf(results, AuditWorkloads.AUDIT);
  }
}
