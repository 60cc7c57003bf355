package io.cutover.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench/run stage}: how long staging takes next to writing the same rows plainly, in one JVM
 * on one local session. On the demo's customers with the demo spec ({@code rules/customers.conf}:
 * 13 rules, 100 cohorts; customers and their orders) it times (p) a plain Delta overwrite of the
 * rows of both sources, each table partitioned by cohort, and (s) {@link
 * io.cutover.transform.StageCohortJob} staging all cohorts in one run; then (p1) and (s1), the same
 * for one cohort (the stage command's usual unit: each still reads the whole source, since the
 * cohort is a hash of the key). Target: s at most 1.5 x p.
 */
final class StageBench {
  static final double STAGE_VS_PLAIN_MAX = 1.5;
  static final String COHORT = "c00";

  private StageBench() {}

  static void run(Rounds rounds) throws InterruptedException {
    BenchData[] data = rounds.dataAndWarmUp();
    List<Measured<StageWorkloads.Subject>> workloads = StageWorkloads.all();
    rounds.warmUp(workloads, subject(data[1]), data[1].rows());

    StageWorkloads.Subject subject = subject(data[0]);
    rounds
        .out()
        .printf(
            "%nMeasuring on %,d rows x %d columns (%d Parquet files, %,d MB), %d rules, %d cohorts: %d runs each%n",
            data[0].rows(),
            rounds.spark().read().parquet(data[0].customers().toString()).columns().length,
            data[0].files(),
            data[0].bytesOnDisk() >> 20,
            subject.spec().rulesOf(subject.spec().customers().name()).size(),
            subject.spec().cohorts().count(),
            rounds.options().repeats());
    Rounds.Results<StageWorkloads.Subject> results = rounds.measure(workloads, subject);
    BenchReport report = new BenchReport(rounds.out());
    report.table(
        data[0].rows(),
        rounds.options(),
        workloads,
        results,
        List.of(
            BenchReport.Ratio.atMost(
                "s", "p", STAGE_VS_PLAIN_MAX, "stage of all cohorts at most 1.5x the plain write"),
            BenchReport.Ratio.atMost("s1", "p1", STAGE_VS_PLAIN_MAX, "the same for one cohort"),
            BenchReport.Ratio.forScale("s1", "s")));
    report.breakdownOf(results, StageWorkloads.STAGE_ALL);
    report.breakdownOf(results, StageWorkloads.STAGE_COHORT);
  }

  /**
   * Fresh tables under the data's {@code stage} folder, so every run of the bench starts from the
   * same state.
   */
  private static StageWorkloads.Subject subject(BenchData data) {
    Path area = data.area("stage");
    BenchData.deleteTree(area);
    return new StageWorkloads.Subject(
        data.demoSpec(repoRoot(), "stage"), area.resolve("plain").toString(), COHORT);
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("cutover.repo.root", ".")).toAbsolutePath().normalize();
  }
}
