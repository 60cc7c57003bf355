package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.ReconcileSpec;
import io.cutover.core.spec.Tolerance;
import io.cutover.core.testing.SparkExtension;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Aggregates are exact by default; a column's tolerance from the spec lets it stray that far and no
 * further.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregateParityTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("balance", DataTypes.createDecimalType(12, 3))
          .add("city", DataTypes.StringType)
          .add(StageColumns.COHORT, DataTypes.StringType);
  private static final List<String> COLUMNS = List.of("id", "balance", "city");

  private Dataset<Row> expected;
  private Dataset<Row> actual;

  @BeforeAll
  void rows(SparkSession spark) {
    expected =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1L, new BigDecimal("10.000"), "Oslo", "c00"),
                RowFactory.create(2L, new BigDecimal("20.000"), "Bergen", "c00")),
            SCHEMA);
    // The same rows, but the target kept one balance 4 thousandths off.
    actual =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1L, new BigDecimal("10.000"), "Oslo", "c00"),
                RowFactory.create(2L, new BigDecimal("20.004"), "Bergen", "c00")),
            SCHEMA);
  }

  private static CheckOutcome parity(Dataset<Row> e, Dataset<Row> a, Tolerance... tolerances) {
    Map<String, Tolerance> byColumn = new java.util.LinkedHashMap<>();
    for (Tolerance t : tolerances) {
      byColumn.put(t.column(), t);
    }
    return compare(
            new AggregateParity(
                new ReconcileSpec(0.0, byColumn, ReconcileSpec.DEFAULT_CATEGORICAL_MAX_DISTINCT)),
            e,
            a,
            List.of("c00"))
        .get("c00");
  }

  /**
   * Every staged row a suspect's (nothing vouched for), the estimates taken from the expected rows.
   */
  private static Map<String, CheckOutcome> compare(
      AggregateParity parity, Dataset<Row> e, Dataset<Row> a, List<String> cohorts) {
    return parity.check(
        e,
        a.withColumn(SUSPECT, functions.lit(true)),
        SUSPECT,
        COLUMNS,
        cohorts,
        StagedCounts.of(e, COLUMNS).estimates());
  }

  private static final String SUSPECT = "_suspect";

  @Test
  void equalRowsAgreeExactly() {
    CheckOutcome c = parity(expected, expected);
    assertThat(c.verdict()).isEqualTo(Verdict.PASS);
    assertThat(c.numbers()).containsEntry("compared", 7);
  }

  @Test
  void byDefaultTheSmallestDifferenceFailsAndIsNamed() {
    CheckOutcome c = parity(expected, actual);
    assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(c.message())
        .contains(
            "sum(balance): expected 30.000, staged 30.004",
            "max(balance): expected 20.000, staged 20.004")
        .doesNotContain("min(balance)", "city");
  }

  @Test
  void aToleranceFromTheSpecLetsTheColumnStrayThatFar() {
    CheckOutcome c = parity(expected, actual, new Tolerance("balance", 0.005, 0, "spec.conf:12"));
    assertThat(c.verdict()).isEqualTo(Verdict.PASS);
    assertThat(c.message()).contains("3 of them with the spec's tolerances");
  }

  @Test
  void aDifferenceBeyondTheToleranceFailsAndPointsAtIt() {
    CheckOutcome c =
        parity(expected, actual, new Tolerance("balance", 0.001, 0.0001, "spec.conf:12"));
    assertThat(c.verdict()).as("0.004 > max(0.001, 0.0001 x 30)").isEqualTo(Verdict.FAIL);
    assertThat(c.message())
        .contains(
            "sum(balance): expected 30.000, staged 30.004 (beyond the tolerance at spec.conf:12)");
  }

  @Test
  void aRelativeToleranceAppliesToDistinctCountsOfText() {
    Dataset<Row> renamed = expected.withColumn("city", org.apache.spark.sql.functions.lit("Oslo"));
    assertThat(parity(expected, renamed).message())
        .contains("distinct(city): expected 2, staged 1");
    assertThat(parity(expected, renamed, new Tolerance("city", 0, 0.5, "spec.conf:13")).verdict())
        .isEqualTo(Verdict.PASS);
  }

  @Test
  void aVouchedRowCountsForBothSidesAndASuspectsRowsForOneEach(SparkSession spark) {
    // Key 1 is vouched for by its hashes (no recomputed row); key 2 is a suspect, recomputed as
    // 20.000, staged as 20.004.
    Dataset<Row> tagged = actual.withColumn(SUSPECT, functions.col("id").equalTo(2L));
    Dataset<Row> recomputed = expected.filter("id = 2");
    Map<String, CheckOutcome> c =
        new AggregateParity(
                new ReconcileSpec(0.0, Map.of(), ReconcileSpec.DEFAULT_CATEGORICAL_MAX_DISTINCT))
            .check(
                recomputed,
                tagged,
                SUSPECT,
                COLUMNS,
                List.of("c00"),
                StagedCounts.of(actual, COLUMNS).estimates());
    assertThat(c.get("c00").message())
        .as("the vouched 10.000 is in both sums, and 10.000 is both minima")
        .contains("sum(balance): expected 30.000, staged 30.004")
        .doesNotContain("min(balance)");
    Map<String, CheckOutcome> same =
        new AggregateParity(
                new ReconcileSpec(0.0, Map.of(), ReconcileSpec.DEFAULT_CATEGORICAL_MAX_DISTINCT))
            .check(
                recomputed,
                expected.withColumn(SUSPECT, functions.col("id").equalTo(2L)),
                SUSPECT,
                COLUMNS,
                List.of("c00"),
                StagedCounts.of(actual, COLUMNS).estimates());
    assertThat(same.get("c00").verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void eachCohortIsComparedOnItsOwnInOneAggregation(SparkSession spark) {
    Dataset<Row> other =
        spark.createDataFrame(
            List.of(RowFactory.create(3L, new BigDecimal("5.000"), "Oslo", "c01")), SCHEMA);
    Map<String, CheckOutcome> c =
        compare(
            new AggregateParity(
                new ReconcileSpec(0.0, Map.of(), ReconcileSpec.DEFAULT_CATEGORICAL_MAX_DISTINCT)),
            expected.union(other),
            actual.union(other),
            List.of("c00", "c01", "c02"));
    assertThat(c.get("c00").message()).contains("sum(balance): expected 30.000, staged 30.004");
    assertThat(c.get("c01").verdict())
        .as("c01's rows agree; c00's difference is not c01's")
        .isEqualTo(Verdict.PASS);
    assertThat(c.get("c02").verdict()).as("no rows on either side agree").isEqualTo(Verdict.PASS);
  }

  @Test
  void onlyCategoricalTextHasItsDistinctValuesCounted(SparkSession spark) {
    // c00 holds 2 cities, c01 holds 4: with at most 3 values counted as categorical, only c00's
    // city is counted.
    Dataset<Row> many =
        spark.createDataFrame(
            List.of(
                RowFactory.create(3L, new BigDecimal("1.000"), "Oslo", "c01"),
                RowFactory.create(4L, new BigDecimal("1.000"), "Bergen", "c01"),
                RowFactory.create(5L, new BigDecimal("1.000"), "Tromso", "c01"),
                RowFactory.create(6L, new BigDecimal("1.000"), "Bodo", "c01")),
            SCHEMA);
    Dataset<Row> merged =
        expected.union(many).withColumn("city", org.apache.spark.sql.functions.lit("Oslo"));
    Map<String, CheckOutcome> c =
        compare(
            new AggregateParity(new ReconcileSpec(0.0, Map.of(), 3)),
            expected.union(many),
            merged,
            List.of("c00", "c01"));
    assertThat(c.get("c00").message()).contains("distinct(city): expected 2, staged 1");
    assertThat(c.get("c01").verdict())
        .as("c01's city is near-unique there: left to the row-level diff")
        .isEqualTo(Verdict.PASS);
    assertThat(c.get("c01").message()).contains("6 aggregates agree (sum, min, max of numbers)");
    assertThat(c.get("c01").numbers()).containsEntry("compared", 6);
  }
}
