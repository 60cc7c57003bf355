package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Aggregate parity over a context: a rounded decimal moves the sum of its cohort only. */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatesCheckTest {
  private CheckFixture fixture;

  @BeforeAll
  void fixture(SparkSession spark, @TempDir Path dir) {
    fixture = new CheckFixture(spark, dir, CheckFixture.rows());
  }

  @Test
  void aRoundedDecimalFailsTheSumOfItsCohortAndCategoricalTextIsCounted() {
    Map<String, CheckOutcome> aggregates;
    try (ReconcileContext context =
        fixture.context(
            fixture
                .cleanStage()
                .withColumn(
                    "balance",
                    functions
                        .when(
                            functions.col("id").equalTo(5),
                            functions.round(functions.col("balance"), 0))
                        .otherwise(functions.col("balance"))
                        .cast("decimal(18,2)")))) {
      aggregates = new AggregatesCheck().run(context);
    }
    assertThat(aggregates.get("c0").verdict()).isEqualTo(Verdict.FAIL);
    assertThat(aggregates.get("c0").message())
        .as("10.55 staged as 11.00: sum 321.30 expected, 321.75 staged")
        .isEqualTo("sum(balance): expected 321.30, staged 321.75");
    assertThat(aggregates.get("c1").verdict()).isEqualTo(Verdict.PASS);
    assertThat(aggregates.get("c1").message())
        .as("sum, min, max of id and balance; distinct counts of the few-valued text")
        .isEqualTo("8 aggregates agree (sum, min, max of numbers; distinct counts of plan, email)");
  }
}
