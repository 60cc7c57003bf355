package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
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
 * Every class of defect planted in a staged cohort is found by the row check, counted by column and
 * named by its keys; conservation explains its gap by the same keys; the other cohort is untouched.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowsCheckTest {
  private CheckFixture fixture;

  @BeforeAll
  void fixture(SparkSession spark, @TempDir Path dir) {
    fixture = new CheckFixture(spark, dir, CheckFixture.rows());
  }

  private static Column id(long id) {
    return functions.col("id").equalTo(id);
  }

  /** The clean stage with a defect of each class in c0 (keys 1 to 7), none in c1. */
  static Dataset<Row> planted(Dataset<Row> clean) {
    Dataset<Row> out =
        clean
            .filter(functions.not(id(1)))
            .withColumn(
                "plan",
                functions
                    .when(id(3), functions.lit("legacy-gold"))
                    .otherwise(functions.col("plan")))
            .withColumn(
                "email",
                functions
                    .when(id(4), functions.lit(null).cast("string"))
                    .when(id(7), functions.substring(functions.col("email"), 1, 4))
                    .otherwise(functions.col("email")))
            .withColumn(
                "balance",
                functions
                    .when(id(5), functions.round(functions.col("balance"), 0))
                    .otherwise(functions.col("balance"))
                    .cast("decimal(18,2)"))
            .withColumn(
                "updated_at",
                functions
                    .when(id(6), functions.expr("updated_at + INTERVAL 1 HOUR"))
                    .otherwise(functions.col("updated_at")));
    return out.unionByName(clean.filter(id(2)))
        .unionByName(clean.filter(id(8)).withColumn("id", functions.lit(99L)));
  }

  @Test
  void eachPlantedDefectIsCountedByColumnAndNamedByItsKeys() {
    Map<String, CheckOutcome> rows;
    Map<String, CheckOutcome> conservation;
    try (ReconcileContext context = fixture.context(planted(fixture.cleanStage()))) {
      rows = new RowsCheck().run(context);
      conservation = new ConservationCheck().run(context);
    }
    CheckOutcome c0 = rows.get("c0");
    assertThat(c0.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(c0.numbers())
        .as("a missing row")
        .containsEntry("missing", 1L)
        .as("an extra row")
        .containsEntry("extra", 1L)
        .as("a duplicated key")
        .containsEntry("duplicate_keys", 1L)
        .as("a changed value")
        .containsEntry("changed_plan", 1L)
        .as("a null in a NOT NULL column and a truncated string")
        .containsEntry("changed_email", 2L)
        .as("a rounded decimal")
        .containsEntry("changed_balance", 1L)
        .as("a shifted timestamp")
        .containsEntry("changed_updated_at", 1L)
        .as("nothing else")
        .containsEntry("changed", 5L)
        .containsEntry("staged_rows", 9L);
    assertThat(c0.keys())
        .as("each defect named by its keys, up to three")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "missing",
                List.of("1"),
                "extra",
                List.of("99"),
                "duplicated",
                List.of("2: 2 rows"),
                "changed",
                List.of("3", "4", "5")));
    assertThat(rows.get("c1").verdict()).as("c0's defects are not c1's").isEqualTo(Verdict.PASS);
    assertThat(rows.get("c1").message())
        .isEqualTo("all 2 staged rows match the expected rows, key by key");

    assertThat(conservation.get("c0").verdict())
        .as("one row more in the table than the source accounts for")
        .isEqualTo(Verdict.FAIL);
    assertThat(conservation.get("c0").message())
        .isEqualTo(
            "10 legacy rows vs 9 staged + 1 quarantined + 1 excluded or merged: 1 staged rows have no legacy row"
                + " (extra): key 99; 1 staged rows repeat a staged key (duplicated): 2: 2 rows; 1 legacy rows are"
                + " not staged (missing): key 1");
    assertThat(conservation.get("c1").message())
        .isEqualTo("2 legacy rows vs 2 staged + 0 quarantined + 0 excluded or merged");
  }

  @Test
  void aCleanStagePassesEveryCohort() {
    try (ReconcileContext context = fixture.context(fixture.cleanStage())) {
      Map<String, CheckOutcome> rows = new RowsCheck().run(context);
      assertThat(rows.get("c0").message())
          .isEqualTo("all 8 staged rows match the expected rows, key by key");
      assertThat(rows.get("c1").verdict()).isEqualTo(Verdict.PASS);
      assertThat(new ConservationCheck().run(context).get("c0").verdict()).isEqualTo(Verdict.PASS);
    }
  }
}
