package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several cohorts in one run: each gets the verdict it gets alone, a defect in one does not touch
 * the others, and cohorts never staged are listed, not passed. One run over every staged cohort
 * ({@code all}) is shared by the tests; the per-cohort judging of each check is tested on inline
 * tables (IntegrityCheckTest, RowsCheckTest).
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileAllCohortsTest {
  private static final Path DEMO_SPEC =
      Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf");

  private SparkSession spark;
  private MigrationSpec spec;
  private long baseline;
  private ReconcileRun all;

  @BeforeAll
  void stageThreeOfFourCohorts(SparkSession spark, @TempDir Path work) {
    this.spark = spark;
    new DemoDataGenerator(spark, new DemoOptions(3000, 3, work.resolve("legacy").toString())).run();
    spec =
        SpecLoader.load(
            DEMO_SPEC, Map.of(), Map.of("work-dir", work.toString(), "cohorts.count", "4"));
    // c00 and c01 on one day (one pass, different stage times), c02 the day before (a pass of its
    // own), c03 never.
    new StageCohortJob(
            spark,
            spec,
            new StageOptions(
                "c00", StageOptions.Mode.WRITE, "stage-a", Instant.parse("2026-11-28T09:00:00Z")),
            Progress.SILENT)
        .run();
    new StageCohortJob(
            spark,
            spec,
            new StageOptions(
                "c01", StageOptions.Mode.WRITE, "stage-b", Instant.parse("2026-11-28T10:00:00Z")),
            Progress.SILENT)
        .run();
    new StageCohortJob(
            spark,
            spec,
            new StageOptions(
                "c02", StageOptions.Mode.WRITE, "stage-c", Instant.parse("2026-11-27T10:00:00Z")),
            Progress.SILENT)
        .run();
    baseline = table().history(1).select("version").first().getLong(0);
    all = reconcile("all");
  }

  private DeltaTable table() {
    return DeltaTable.forPath(spark, spec.target().stagedPath());
  }

  private ReconcileRun reconcile(String cohorts) {
    return new ReconcileCohortJob(spark, spec, ReconcileOptions.of(cohorts), Progress.SILENT).run();
  }

  private static CheckOutcome check(ReconcileResult r, String name) {
    return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
  }

  private static ReconcileResult of(ReconcileRun run, String cohort) {
    return run.cohorts().stream().filter(r -> r.cohort().equals(cohort)).findFirst().orElseThrow();
  }

  @Test
  void everyStagedCohortGetsTheVerdictAndNumbersItGetsAlone() {
    assertThat(all.cohorts())
        .extracting(ReconcileResult::cohort)
        .containsExactly("c00", "c01", "c02");
    assertThat(all.notStaged()).containsExactly("c03");
    assertThat(all.verdict())
        .as(String.valueOf(all.cohorts().stream().map(ReconcileResult::reasons).toList()))
        .isEqualTo(Verdict.PASS);
    assertThat(of(all, "c00").runId()).isEqualTo(all.runId() + "-c00");
    assertThat(of(all, "c01").stageRunId()).isEqualTo("stage-b");
    // c01 shares its day's pass with c00 (staged an hour apart); alone, it has a pass of its own.
    ReconcileResult alone = reconcile("c01").only();
    ReconcileResult together = of(all, "c01");
    for (String name : List.of("conservation", "integrity", "rows", "aggregates", "drift")) {
      assertThat(check(together, name).numbers())
          .as("c01 " + name)
          .isEqualTo(check(alone, name).numbers());
    }
    for (String cohort : List.of("c00", "c01", "c02")) {
      assertThat(check(of(all, cohort), "rows").numbers().get("staged_rows"))
          .as(cohort)
          .isNotEqualTo(0L);
      assertThat(check(of(all, cohort), "rows").numbers())
          .as(
              "%s: 3,000 legacy rows, fewer than ReconcileOptions.HASHES_FROM: every row through"
                  + " the rules",
              cohort)
          .doesNotContainKey("vouched_by_hash");
    }
  }

  /**
   * A defect in c01 fails c01 only; the run's reports come after the clean run's, so each cohort
   * finds its previous run.
   */
  @Test
  void aDefectInOneCohortFailsThatCohortOnlyAndTheReportsSayWhich(@TempDir Path reports) {
    // The same migration with reports of its own, so that only this test's runs are in them.
    MigrationSpec own =
        SpecLoader.load(
            DEMO_SPEC,
            Map.of(),
            Map.of(
                "work-dir",
                spec.workDir(),
                "cohorts.count",
                "4",
                "reports.path",
                reports.toString()));
    ReconcileReports writer = new ReconcileReports(spark, own);
    ReconcileReports.WrittenRun first = writer.write(all);
    long verdictsVersion =
        DeltaTable.forPath(spark, own.target().verdictsPath())
            .history(1)
            .select("version")
            .first()
            .getLong(0);
    Dataset<Row> c01 =
        spark
            .read()
            .format("delta")
            .load(spec.target().stagedPath())
            .filter(functions.col(StageColumns.COHORT).equalTo("c01"))
            .orderBy("customer_id");
    List<Long> keys =
        c01.select("customer_id").limit(3).collectAsList().stream().map(r -> r.getLong(0)).toList();
    ReconcileRun failed;
    try {
      table().delete(functions.col("customer_id").equalTo(keys.get(0)));
      c01.filter(functions.col("customer_id").equalTo(keys.get(1)))
          .write()
          .format("delta")
          .mode("append")
          .save(spec.target().stagedPath());
      spark.sql(
          "ALTER TABLE delta.`"
              + spec.target().stagedPath()
              + "` ALTER COLUMN email DROP NOT NULL");
      table().updateExpr("customer_id = " + keys.get(2), Map.of("email", "NULL"));

      failed = reconcile("c00,c01");
    } finally {
      table().restoreToVersion(baseline);
    }
    ReconcileReports.WrittenRun second = writer.write(failed);

    ReconcileResult bad = of(failed, "c01");
    assertThat(bad.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(check(bad, "rows").numbers())
        .containsEntry("missing", 1L)
        .containsEntry("duplicate_keys", 1L)
        .containsEntry("changed_email", 1L);
    assertThat(check(bad, "integrity").message())
        .as("Deequ, judged on c01's rows")
        .contains(
            "Completeness(email",
            "cutover_cohort` = 'c01'",
            "UniquenessConstraint",
            "1 duplicated keys in this cohort");
    ReconcileResult good = of(failed, "c00");
    assertThat(good.reasons()).as("c01's defects are not c00's").isEmpty();
    assertThat(check(good, "integrity").numbers())
        .containsEntry("Completeness(email)", 1.0)
        .containsEntry("Uniqueness(customer_id)", 1.0);
    assertThat(failed.verdict()).isEqualTo(Verdict.FAIL);

    assertThat(
            DeltaTable.forPath(spark, own.target().verdictsPath())
                .history(1)
                .select("version")
                .first()
                .getLong(0))
        .as("one commit per run")
        .isEqualTo(verdictsVersion + 1);
    assertThat(first.summaryHtml())
        .content()
        .contains(
            "3 cohorts checked: 3 PASS",
            "never staged, not checked: c03",
            "c00/" + all.runId() + "-c00/reconcile.html");
    assertThat(first.summaryJson()).content().contains("\"not_staged\"", "\"c03\"");
    assertThat(first.cohorts()).containsOnlyKeys("c00", "c01", "c02");
    assertThat(first.cohorts().get("c01").html()).isRegularFile();
    assertThat(second.cohorts().get("c00").sincePrevious().runId())
        .as("each cohort's previous run is found")
        .isEqualTo(all.runId() + "-c00");
    assertThat(second.cohorts().get("c00").sincePrevious().changed()).isEmpty();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(own.target().verdictsPath())
                .filter(functions.col("run_id").startsWith(all.runId()))
                .count())
        .isEqualTo(3);
  }

  @Test
  void aNamedCohortNeverStagedIsAClearError() {
    assertThatThrownBy(() -> reconcile("c00,c03"))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort c03 was never staged");
    assertThatThrownBy(() -> reconcile("c00,c07"))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort 'c07' is not one of");
  }
}
