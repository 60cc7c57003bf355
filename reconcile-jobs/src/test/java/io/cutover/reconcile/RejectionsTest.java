package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage runs' rejected rows, counted by run: a rejection table that does not exist is named,
 * and conservation fails on it rather than pass on zeros.
 */
@ExtendWith(SparkExtension.class)
class RejectionsTest {

  @Test
  void aMissingQuarantineTableIsNamedAndFailsConservation(SparkSession spark, @TempDir Path dir) {
    TargetSpec target = new TargetSpec("people", dir.toString(), List.of(), List.of());
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("stage-1", "c0", "excluded"),
                RowFactory.create("stage-1", "c0", StageColumns.MERGED),
                RowFactory.create("stage-0", "c0", "excluded")),
            new StructType()
                .add("run_id", DataTypes.StringType)
                .add(StageColumns.COHORT, DataTypes.StringType)
                .add("kind", DataTypes.StringType))
        .write()
        .format("delta")
        .save(target.exclusionsPath());

    Rejections rejections = Rejections.read(spark, target, Map.of("c0", "stage-1"));
    try {
      assertThat(rejections.missing())
          .containsExactly("the quarantine table " + target.quarantinePath());
      assertThat(rejections.excluded()).as("stage-1's rows only").containsEntry("c0", 2L);
      assertThat(rejections.quarantined()).containsEntry("c0", 0L);
      assertThat(rejections.hashes().orElseThrow().count())
          .as("no hashes recorded: nothing vouched for")
          .isZero();
      CheckOutcome conservation = ConservationCheck.of(4, 2, 0, 2, 0, 0, rejections.missing());
      assertThat(conservation.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(conservation.message())
          .contains("the quarantine table " + target.quarantinePath() + " does not exist")
          .doesNotContain("exclusions table");
    } finally {
      rejections.release();
    }
  }
}
