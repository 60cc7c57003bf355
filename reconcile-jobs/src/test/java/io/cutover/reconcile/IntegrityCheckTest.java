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
 * Deequ's constraints on the staged rows: a null in a NOT NULL column, a repeated key and a broken
 * check fail the cohort they are in, named with Deequ's metrics; the other cohort keeps its metrics
 * at 1.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntegrityCheckTest {
  private CheckFixture fixture;
  private Dataset<Row> planted;

  @BeforeAll
  void fixture(SparkSession spark, @TempDir Path dir) {
    fixture = new CheckFixture(spark, dir, CheckFixture.rows());
    Dataset<Row> clean = fixture.cleanStage();
    // In c1: key 11's email null and balance out of range, key 12 staged twice.
    planted =
        clean
            .withColumn(
                "email",
                functions.when(id(11), functions.lit(null).cast("string")).otherwise(col("email")))
            .withColumn(
                "balance",
                functions
                    .when(id(11), functions.lit(5000).cast("decimal(18,2)"))
                    .otherwise(col("balance")))
            .unionByName(clean.filter(id(12)));
  }

  private static Column col(String name) {
    return functions.col(name);
  }

  private static Column id(long id) {
    return col("id").equalTo(id);
  }

  @Test
  void eachBrokenConstraintFailsItsCohortOnlyWithDeequsMetrics() {
    Map<String, CheckOutcome> integrity;
    try (ReconcileContext context = fixture.context(planted)) {
      integrity = new IntegrityCheck().run(context);
    }
    CheckOutcome bad = integrity.get("c1");
    assertThat(bad.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(bad.message())
        .as("Deequ, judged again on c1's rows")
        .contains(
            "CompletenessConstraint(Completeness(email",
            "cutover_cohort` = 'c1'",
            "balance_in_range",
            "UniquenessConstraint(Uniqueness(List(id)",
            "1 duplicated keys in this cohort (12: 2 rows)");
    assertThat(bad.numbers())
        .containsEntry("failed", 3)
        .containsEntry("Completeness(id)", 1.0)
        .containsEntry("Completeness(email)", 2.0 / 3);
    CheckOutcome good = integrity.get("c0");
    assertThat(good.verdict()).as("c1's defects are not c0's").isEqualTo(Verdict.PASS);
    assertThat(good.message())
        .isEqualTo("4 Deequ constraints hold (key complete and unique, NOT NULL columns, checks)");
    assertThat(good.numbers())
        .containsEntry("Completeness(email)", 1.0)
        .containsEntry("Uniqueness(id)", 1.0)
        .containsEntry("Compliance(balance_in_range)", 1.0);
  }

  @Test
  void aRunOverOneCohortJudgesItInOnePass() {
    CheckOutcome bad;
    try (ReconcileContext context =
        fixture.context(List.of("c1"), planted, CheckFixture.QUARANTINED, CheckFixture.EXCLUDED)) {
      bad = new IntegrityCheck().run(context).get("c1");
    }
    assertThat(bad.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(bad.message())
        .startsWith("3 of 4 Deequ constraints fail: ")
        .contains(
            "Completeness(email",
            "balance_in_range",
            "1 duplicated keys in this cohort (12: 2 rows)")
        .doesNotContain("cutover_cohort");
  }
}
