package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.testing.SparkExtension;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where rows went, per rule, including the staged rows a rule rounded or cut as the spec allowed.
 */
@ExtendWith(SparkExtension.class)
class CountsTest {
  private final SparkSession spark;

  CountsTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void lossyChangesToStagedRowsAreCountedPerRuleBesideTheOutcomes() {
    StructType outcome =
        new StructType()
            .add("kind", DataTypes.StringType)
            .add("rule", DataTypes.StringType)
            .add("reason", DataTypes.StringType);
    StructType schema =
        new StructType()
            .add(StageColumns.COHORT, DataTypes.StringType)
            .add(StageColumns.OUTCOME, outcome)
            .add(StageColumns.LOSSY, DataTypes.createArrayType(DataTypes.StringType));
    Row quarantined = RowFactory.create("quarantine", "cast:balance", "balance: scale");
    List<Row> rows =
        List.of(
            RowFactory.create("c00", null, List.of("rounded cast:balance")),
            RowFactory.create("c00", null, List.of("rounded cast:balance", "truncated cast:notes")),
            RowFactory.create("c00", null, List.of()),
            RowFactory.create("c00", quarantined, List.of("truncated cast:notes")));

    Counts c = Counts.byCohort(spark.createDataFrame(rows, schema)).get("c00");

    assertThat(c.staged).isEqualTo(3);
    assertThat(c.quarantined).isEqualTo(1);
    assertThat(c.byRule)
        .as("a quarantined row's lossy change is not counted: it did not stage")
        .isEqualTo(
            Map.of(
                "rounded cast:balance",
                2L,
                "truncated cast:notes",
                1L,
                "quarantine cast:balance",
                1L));
  }
}
