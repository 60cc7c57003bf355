package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legacy row updated after its cohort was staged is drift: counted, named, left out of the other
 * checks, WARN above the threshold, never a defect.
 */
@ExtendWith(SparkExtension.class)
class DriftCheckTest {

  /** Key 3 got a new plan in the legacy source after the stage run; the staged row is as staged. */
  private static List<Row> changedAfterStaging() {
    List<Row> rows = new ArrayList<>(CheckFixture.rows());
    rows.set(
        2,
        CheckFixture.legacy(3, "pro-2027", "30.25", "c@example.com", "2027-01-01 00:00:00", "c0"));
    return rows;
  }

  @Test
  void aLegacyRowUpdatedAfterStagingIsDriftNotADefect(SparkSession spark, @TempDir Path dir) {
    CheckFixture staged = new CheckFixture(spark, dir, CheckFixture.rows());
    CheckFixture changed = new CheckFixture(spark, dir, changedAfterStaging());

    Map<String, CheckOutcome> drift;
    Map<String, CheckOutcome> others = new java.util.TreeMap<>();
    try (ReconcileContext context = changed.context(staged.cleanStage())) {
      drift = new DriftCheck().run(context);
      for (ReconcileCheck check :
          List.of(new ConservationCheck(), new RowsCheck(), new AggregatesCheck())) {
        others.put(check.name(), check.run(context).get("c0"));
      }
    }

    assertThat(drift.get("c0").verdict()).isEqualTo(Verdict.WARN);
    assertThat(drift.get("c0").numbers())
        .containsEntry("drift_rows", 1L)
        .containsEntry("share", 0.1);
    assertThat(drift.get("c0").message())
        .startsWith("1 legacy rows changed after staging (10.0%): needs sync");
    assertThat(drift.get("c0").examples()).containsExactly("3");
    assertThat(drift.get("c1").verdict()).isEqualTo(Verdict.PASS);
    assertThat(drift.get("c1").message()).isEqualTo("0 legacy rows changed since staging");
    others.forEach(
        (name, o) ->
            assertThat(o.verdict())
                .as(name + ": the changed row is left out, not a defect")
                .isEqualTo(Verdict.PASS));
  }

  @Test
  void withinTheThresholdDriftPasses(SparkSession spark, @TempDir Path dir) {
    CheckFixture staged = new CheckFixture(spark, dir, CheckFixture.rows());
    CheckFixture changed =
        new CheckFixture(spark, dir, changedAfterStaging(), "reconcile { drift-threshold = 0.2 }");
    try (ReconcileContext context = changed.context(staged.cleanStage())) {
      CheckOutcome c0 = new DriftCheck().run(context).get("c0");
      assertThat(c0.verdict()).isEqualTo(Verdict.PASS);
      assertThat(c0.message()).isEqualTo("1 legacy rows changed since staging");
    }
  }
}
