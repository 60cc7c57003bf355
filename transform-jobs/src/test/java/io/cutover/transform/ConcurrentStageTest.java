package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.DemoData;
import io.cutover.core.testing.SparkExtension;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engineers stage different cohorts at the same time, each with its own spark-submit: neither may
 * undo the other.
 */
@ExtendWith(SparkExtension.class)
class ConcurrentStageTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void cohortsStagedAtOnceAllLandEachRunRecordsItsOwnCommitAndAFailedRunUndoesOnlyItsCohort(
      SparkSession spark, @TempDir Path work) {
    MigrationSpec spec =
        DemoData.of(spark, StageCohortJobTest.ROWS, StageCohortJobTest.SEED)
            .spec(work, StageCohortJobTest.FOUR_COHORTS);
    StageResult first = stage(spark, spec, "c00");

    CompletableFuture<StageResult> one =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c01"));
    CompletableFuture<StageResult> two =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c02"));
    List<StageResult> both = List.of(one.join(), two.join());

    String path = spec.target().stagedPath();
    for (StageResult r : both) {
      assertThat(r.conserved()).as(r.cohort() + " adds up").isTrue();
      long rows =
          spark
              .read()
              .format("delta")
              .option("versionAsOf", r.stagedVersion())
              .load(path)
              .filter(functions.col(StageColumns.COHORT).equalTo(r.cohort()))
              .count();
      assertThat(rows)
          .as(r.cohort() + "'s rows at the version its run recorded")
          .isEqualTo(r.staged());
      Row commit =
          DeltaTable.forPath(spark, path)
              .history()
              .filter(functions.col("version").equalTo(r.stagedVersion()))
              .first();
      assertThat(commit.<String>getAs("userMetadata"))
          .as("the version " + r.cohort() + "'s run recorded is its own commit")
          .isEqualTo(r.runId());
    }
    assertThat(both.get(0).stagedVersion()).isNotEqualTo(both.get(1).stagedVersion());
    Map<String, Long> now = new java.util.TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(path)
        .groupBy(StageColumns.COHORT)
        .count()
        .collectAsList()
        .forEach(r -> now.put(r.getString(0), r.getLong(1)));
    assertThat(now)
        .as("every cohort staged, none undone by another")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "c00", first.staged(), "c01", both.get(0).staged(), "c02", both.get(1).staged()));

    // c01 again under its old run id: the quarantine then holds its rows twice, the cohort does not
    // add up and
    // the run undoes its write. Meanwhile c03 is staged; undoing c01 must not undo c03.
    CompletableFuture<StageResult> failing =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c01"));
    CompletableFuture<StageResult> other =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c03"));
    assertThatThrownBy(failing::join)
        .hasRootCauseInstanceOf(CutoverException.class)
        .rootCause()
        .hasMessageContaining("c01 does not add up after writing");
    StageResult third = other.join();
    Map<String, Long> after = new java.util.TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(path)
        .groupBy(StageColumns.COHORT)
        .count()
        .collectAsList()
        .forEach(r -> after.put(r.getString(0), r.getLong(1)));
    assertThat(after)
        .as("c01 as it was, c03 staged alongside")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "c00",
                first.staged(),
                "c01",
                both.get(0).staged(),
                "c02",
                both.get(1).staged(),
                "c03",
                third.staged()));
  }

  @Test
  void theFirstTwoStagesOfAMigrationMayRunAtOnceAndTwoRunsOfOneCohortNeverMix(
      SparkSession spark, @TempDir Path work) {
    MigrationSpec spec =
        DemoData.of(spark, StageCohortJobTest.ROWS, StageCohortJobTest.SEED)
            .spec(work, StageCohortJobTest.FOUR_COHORTS);

    CompletableFuture<StageResult> one =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c00"));
    CompletableFuture<StageResult> two =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c01"));
    List<StageResult> both = List.of(one.join(), two.join());

    Map<String, Long> now = new java.util.TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(spec.target().stagedPath())
        .groupBy(StageColumns.COHORT)
        .count()
        .collectAsList()
        .forEach(r -> now.put(r.getString(0), r.getLong(1)));
    assertThat(now)
        .as("both cohorts staged into the table one of them created")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("c00", both.get(0).staged(), "c01", both.get(1).staged()));

    // The same cohort twice at once: Delta lets one replace the partition and fails the other if
    // their commits
    // overlap; either way the partition holds one run's rows, never both.
    CompletableFuture<StageResult> again =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c00", "run-c00-a"));
    CompletableFuture<StageResult> twice =
        CompletableFuture.supplyAsync(() -> stage(spark, spec, "c00", "run-c00-b"));
    List<StageResult> landed = new java.util.ArrayList<>();
    for (CompletableFuture<StageResult> run : List.of(again, twice)) {
      try {
        landed.add(run.join());
      } catch (java.util.concurrent.CompletionException e) {
        assertThat(e).hasRootCauseInstanceOf(java.util.ConcurrentModificationException.class);
      }
    }
    assertThat(landed).as("at least one run of c00 lands").isNotEmpty();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(spec.target().stagedPath())
                .filter(functions.col(StageColumns.COHORT).equalTo("c00"))
                .count())
        .as("c00 holds one run's rows")
        .isEqualTo(both.get(0).staged());
  }

  private static StageResult stage(SparkSession spark, MigrationSpec spec, String cohort) {
    return stage(spark, spec, cohort, "run-" + cohort);
  }

  private static StageResult stage(
      SparkSession spark, MigrationSpec spec, String cohort, String runId) {
    return new StageCohortJob(
            spark,
            spec,
            new StageOptions(cohort, StageOptions.Mode.WRITE, runId, NOW),
            Progress.SILENT)
        .run();
  }
}
