package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.delta.CohortRuns;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.DemoData;
import io.cutover.core.testing.SparkExtension;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback puts a cohort back as its previous stage run left it, run after run, and never touches
 * another cohort. The replay of longer chains (stage, stage, rollback, stage, rollback) is
 * CohortRunsTest's.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackCohortJobTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static final Map<String, String> TWO_COHORTS = Map.of("cohorts.count", "2");

  private SparkSession spark;
  private DemoData demo;
  private Path work;
  private MigrationSpec spec;
  private List<Row> firstRun;
  private List<Row> otherCohort;

  @BeforeAll
  void generate(SparkSession spark, @TempDir Path work) {
    this.spark = spark;
    this.work = work;
    demo = DemoData.of(spark, StageCohortJobTest.ROWS, StageCohortJobTest.SEED);
    spec = demo.spec(work, TWO_COHORTS);
  }

  private void stage(String cohort, String runId) {
    stage(spec, cohort, runId);
  }

  private void stage(MigrationSpec spec, String cohort, String runId) {
    new StageCohortJob(
            spark,
            spec,
            new StageOptions(cohort, StageOptions.Mode.WRITE, runId, NOW),
            Progress.SILENT)
        .run();
  }

  private RollbackResult rollback(String cohort, boolean dryRun) {
    return new RollbackCohortJob(
            spark,
            spec,
            new RollbackOptions(cohort, dryRun, "rollback-" + System.nanoTime(), NOW),
            Progress.SILENT)
        .run();
  }

  private List<Row> snapshot(String cohort) {
    return spark
        .read()
        .format("delta")
        .load(spec.target().stagedPath())
        .filter(functions.col(StageColumns.COHORT).equalTo(cohort))
        .orderBy("customer_id", "updated_at")
        .collectAsList();
  }

  private Optional<String> current(String cohort) {
    return CohortRuns.read(spark, spec.target().runsPath(), List.of(cohort))
        .current(cohort)
        .map(r -> r.getAs("run_id"));
  }

  private long version() {
    return DeltaTable.forPath(spark, spec.target().stagedPath())
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  /**
   * Stages c00 again from a copy of the legacy rows, in this test's work folder, whose last names
   * all changed.
   */
  private void stageChanged(String runId) {
    Path changed = work.resolve("customers-changed-" + runId);
    spark
        .read()
        .parquet(demo.customers().toString())
        .withColumn(
            "last_name", functions.concat_ws(" ", functions.col("last_name"), functions.lit(runId)))
        .write()
        .parquet(changed.toString());
    Map<String, String> overrides = new HashMap<>(TWO_COHORTS);
    overrides.put("sources.customers.path", changed.toString());
    stage(demo.spec(work, overrides), "c00", runId);
  }

  @Test
  @Order(1)
  void aCohortNeverStagedHasNothingToRollBack() {
    assertThatThrownBy(() -> rollback("c00", false))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort c00 holds no stage run to roll back (it was never staged");
  }

  @Test
  @Order(2)
  void rollbackPutsTheCohortBackAsThePreviousRunLeftItAndLeavesOtherCohortsAlone()
      throws Exception {
    stage("c00", "r1");
    stage("c01", "s1");
    firstRun = snapshot("c00");
    otherCohort = snapshot("c01");
    stageChanged("r2");
    assertThat(snapshot("c00"))
        .as("r2 staged other last names")
        .isNotEqualTo(firstRun)
        .hasSameSizeAs(firstRun);
    assertThat(current("c00")).contains("r2");

    long before = version();
    RollbackResult dry = rollback("c00", true);
    assertThat(dry.undoneRunId()).isEqualTo("r2");
    assertThat(dry.restoredRunId()).isEqualTo("r1");
    assertThat(dry.rowsAfter()).isEqualTo(firstRun.size());
    assertThat(version()).as("a dry run writes nothing").isEqualTo(before);
    assertThat(current("c00")).contains("r2");

    RollbackResult done = rollback("c00", false);

    assertThat(snapshot("c00")).isEqualTo(firstRun);
    assertThat(snapshot("c01")).isEqualTo(otherCohort);
    assertThat(done.stagedVersion()).isEqualTo(before + 1);
    assertThat(current("c00")).contains("r1");
    assertThat(current("c01")).contains("s1");
    Row record =
        spark
            .read()
            .format("delta")
            .load(spec.target().runsPath())
            .filter("kind = 'rollback'")
            .first();
    assertThat(record.<String>getAs(CohortRuns.UNDONE)).isEqualTo("r2");
    assertThat(record.<String>getAs(CohortRuns.RESTORED)).isEqualTo("r1");
    assertThat(record.<Long>getAs("staged")).isEqualTo(firstRun.size());
    assertThat(Path.of(spec.reportsPath(), "rollback", "c00", done.runId() + ".json"))
        .content()
        .contains("\"undoneRunId\" : \"r2\"");
  }

  @Test
  @Order(4)
  void rollingBackTheFirstRunEmptiesTheCohortAndThenThereIsNothingLeftToUndo() {
    RollbackResult done = rollback("c00", false);

    assertThat(done.undoneRunId()).as("r2 was undone before").isEqualTo("r1");
    assertThat(done.restoredRunId()).isNull();
    assertThat(done.rowsAfter()).isZero();
    assertThat(snapshot("c00")).isEmpty();
    assertThat(snapshot("c01")).isEqualTo(otherCohort);
    assertThat(current("c00")).isEmpty();
    assertThatThrownBy(() -> rollback("c00", false))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("holds no stage run to roll back (every one was rolled back already");

    stage("c00", "r4");
    assertThat(snapshot("c00"))
        .as("staged again from the same legacy rows and rules")
        .isEqualTo(firstRun);
  }
}
