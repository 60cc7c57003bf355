package io.cutover.core.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Stage runs stack per cohort, rollbacks take them off, replayed in the order of the staged table's
 * commits.
 */
class CohortRunsTest {
  private static final StructType RUNS =
      new StructType()
          .add("run_id", DataTypes.StringType)
          .add("kind", DataTypes.StringType)
          .add(StageColumns.COHORT, DataTypes.StringType)
          .add("staged_version", DataTypes.LongType)
          .add("finished_at", DataTypes.TimestampType)
          .add(CohortRuns.UNDONE, DataTypes.StringType);

  private static Row run(
      String id, String kind, String cohort, long version, int minute, String undone) {
    return new GenericRowWithSchema(
        new Object[] {
          id,
          kind,
          cohort,
          version,
          Timestamp.valueOf("2026-11-29 12:" + String.format("%02d", minute) + ":00"),
          undone
        },
        RUNS);
  }

  private static Optional<String> id(Optional<Row> run) {
    return run.map(r -> r.getAs("run_id"));
  }

  @Test
  void rollbacksTakeRunsOffInCommitOrderWhateverTheClocksSay() {
    // r3's rollback finished on a driver whose clock is behind: its commit (version 6) still comes
    // after r3's (5).
    CohortRuns runs =
        CohortRuns.of(
            List.of(
                run("undo-r3", "rollback", "c00", 6, 1, "r3"),
                run("r1", "stage", "c00", 1, 10, null),
                run("r2", "stage", "c00", 2, 11, null),
                run("undo-r2", "rollback", "c00", 3, 12, "r2"),
                run("s1", "stage", "c01", 4, 13, null),
                run("r3", "stage", "c00", 5, 14, null)));

    assertThat(id(runs.current("c00"))).contains("r1");
    assertThat(id(runs.previous("c00"))).isEmpty();
    assertThat(id(runs.current("c01"))).contains("s1");
    assertThat(runs.staged()).containsExactly("c00", "c01");
    assertThat(runs.current("c02")).isEmpty();
    assertThat(runs.everStaged("c02")).isFalse();
  }

  @Test
  void aCohortWhoseRunsWereAllRolledBackHoldsNoneButWasStaged() {
    CohortRuns runs =
        CohortRuns.of(
            List.of(
                run("r1", "stage", "c00", 1, 10, null),
                run("undo-r1", "rollback", "c00", 2, 11, "r1")));

    assertThat(runs.current("c00")).isEmpty();
    assertThat(runs.staged()).isEmpty();
    assertThat(runs.everStaged("c00")).isTrue();
  }
}
