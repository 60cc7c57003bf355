package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's list of checks over one context: the order the reports list them, each one outcome per
 * cohort, the values check reading the legacy rows by itself, and every cache released when the
 * context closes.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileChecksTest {
  private CheckFixture fixture;

  @BeforeAll
  void fixture(SparkSession spark, @TempDir Path dir) {
    fixture = new CheckFixture(spark, dir, CheckFixture.rows());
  }

  private static Map<String, List<CheckOutcome>> runAll(ReconcileContext context) {
    Map<String, List<CheckOutcome>> out = new TreeMap<>();
    for (ReconcileCheck check : ReconcileCohortJob.CHECKS) {
      check.run(context).forEach((c, o) -> out.computeIfAbsent(c, k -> new ArrayList<>()).add(o));
    }
    return out;
  }

  @Test
  void aCleanStagePassesEveryCheckInTheReportsOrderAndTheContextReleasesItsCaches() {
    Dataset<Row> staged = fixture.cleanStage().persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, List<CheckOutcome>> outcomes;
    try (ReconcileContext context = fixture.context(staged)) {
      context.own(staged);
      outcomes = runAll(context);
    }
    assertThat(outcomes).containsOnlyKeys("c0", "c1");
    assertThat(outcomes.get("c0"))
        .extracting(CheckOutcome::check)
        .containsExactly(
            "rules", "conservation", "integrity", "rows", "aggregates", "drift", "values");
    outcomes.forEach(
        (c, list) ->
            assertThat(list)
                .allSatisfy(o -> assertThat(o.verdict()).as(c + " " + o).isEqualTo(Verdict.PASS)));
    assertThat(staged.storageLevel())
        .as("unpersisted when the context closed")
        .isEqualTo(StorageLevel.NONE());
  }

  @Test
  void aLostDecimalFailsTheRowsAndTheIndependentValueCheck() {
    // 30.25 staged as 3025.00: what a rule that dropped the decimal point would write.
    Dataset<Row> staged =
        fixture
            .cleanStage()
            .withColumn(
                "balance",
                functions
                    .when(functions.col("id").equalTo(3), functions.col("balance").multiply(100))
                    .otherwise(functions.col("balance"))
                    .cast("decimal(18,2)"));
    Map<String, List<CheckOutcome>> outcomes;
    try (ReconcileContext context = fixture.context(staged)) {
      outcomes = runAll(context);
    }
    Map<String, CheckOutcome> c0 = new TreeMap<>();
    outcomes.get("c0").forEach(o -> c0.put(o.check(), o));
    assertThat(c0.get("values").verdict()).isEqualTo(Verdict.FAIL);
    assertThat(c0.get("values").examples()).containsExactly("3");
    assertThat(c0.get("values").numbers()).containsEntry("balance_changed", 1L);
    assertThat(c0.get("rows").numbers()).containsEntry("changed_balance", 1L);
    assertThat(outcomes.get("c1"))
        .allSatisfy(o -> assertThat(o.verdict()).as(o.toString()).isEqualTo(Verdict.PASS));
  }
}
