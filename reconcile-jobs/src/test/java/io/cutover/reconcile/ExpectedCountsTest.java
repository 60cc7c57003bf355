package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.testing.SparkExtension;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one pass over the recomputed rows: legacy rows (staged or not) and drift per cohort. */
@ExtendWith(SparkExtension.class)
class ExpectedCountsTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("city", DataTypes.StringType)
          .add("changed", DataTypes.BooleanType)
          .add(StageColumns.OUTCOME, DataTypes.StringType)
          .add(StageColumns.COHORT, DataTypes.StringType);

  @Test
  void countsLegacyRowsAndDriftPerCohort(SparkSession spark) {
    Dataset<Row> expected =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1L, "Oslo", false, null, "c00"),
                RowFactory.create(2L, "Bergen", true, null, "c00"),
                RowFactory.create(3L, "Oslo", false, null, "c00"),
                RowFactory.create(4L, "Tromsø", false, "quarantine", "c00"),
                RowFactory.create(5L, "Oslo", true, null, "c01"),
                RowFactory.create(6L, null, true, "exclude", "c01")),
            SCHEMA);

    ExpectedCounts counts = ExpectedCounts.of(expected, functions.col("changed"));

    assertThat(counts.legacyRows())
        .as("every legacy row of the cohort, staged or not")
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("c00", 4L, "c01", 2L));
    assertThat(counts.driftRows())
        .as("rows changed since staging")
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("c00", 1L, "c01", 2L));
    assertThat(counts.totalDrift()).isEqualTo(3L);
    assertThat(counts.legacyRowsOf("c02")).as("a cohort without rows").isZero();
  }
}
