package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.spec.AuditSpec;
import io.cutover.core.testing.SparkExtension;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Low-cardinality text measured once per value from exact counts gives, metric for metric, what the
 * scan gives row by row.
 */
@ExtendWith(SparkExtension.class)
class ValueCountMetricsTest {
  private static final AuditSpec AUDIT =
      new AuditSpec(
          Set.of("", " ", "N/A", "NULL", "none", "-", "0", "1900-01-01"),
          0.01,
          24,
          20,
          0.5,
          Map.of("amount", new AuditSpec.Bounds(0.0, 100.0)));
  private static final String PARSED = "`_corrupt_record` IS NULL";
  private static final String RECENT = "`updated` >= to_timestamp('2024-11-28')";

  private final SparkSession spark;

  ValueCountMetricsTest(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Every 11th row is a broken line: its values must count for blanks and placeholders, never for
   * the checks; every 3rd row was updated recently, and every 7th has no update time.
   */
  private Dataset<Row> data() {
    StructType schema =
        new StructType()
            .add("status", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("joined", DataTypes.StringType)
            .add("amount", DataTypes.StringType)
            .add("_corrupt_record", DataTypes.StringType)
            .add("updated", DataTypes.TimestampType);
    List<String> statuses =
        List.of(
            "active",
            " active",
            "N/A",
            "",
            "ACTIVE",
            "Malm\u00c3\u00b6",
            "bell\u0007",
            "12",
            "1.5",
            "true");
    List<String> emails = List.of("a@example.com", "b@example.com", "not an email", "none");
    List<String> dates =
        List.of("2019-03-01", "01/02/2020", "31/02/2020", "1850-01-01", "2099-01-01", "-");
    List<String> amounts = List.of("12", "1,234", "250", "abc", "0", "7.5");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(
          RowFactory.create(
              i % 13 == 0 ? null : statuses.get(i % statuses.size()),
              emails.get(i % emails.size()),
              dates.get(i % dates.size()),
              i % 17 == 0 ? null : amounts.get(i % amounts.size()),
              i % 11 == 0 ? "broken line " + i : null,
              i % 7 == 0
                  ? null
                  : Timestamp.valueOf(i % 3 == 0 ? "2026-01-01 00:00:00" : "2020-01-01 00:00:00")));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static List<ColumnPlan> plans() {
    return List.of(
        new ColumnPlan("status", DataTypes.StringType, SemanticType.NONE, false, AUDIT),
        new ColumnPlan("email", DataTypes.StringType, SemanticType.EMAIL, false, AUDIT),
        new ColumnPlan("joined", DataTypes.StringType, SemanticType.DATE, false, AUDIT),
        new ColumnPlan("amount", DataTypes.StringType, SemanticType.NUMBER_TEXT, false, AUDIT));
  }

  @Test
  void everyMetricOfALowCardinalityTextColumnIsTheSameFromValueCountsAsRowByRow() {
    Dataset<Row> data = data();
    List<ColumnPlan> byRow = plans();
    DeequAnalysis scan = new DeequAnalysis(data);
    ColumnMetrics perRow = new ScanMetrics(scan, PARSED, RECENT);
    byRow.forEach(p -> p.addTo(scan, perRow, AUDIT, Optional.of("updated"), PARSED));
    DeequMetrics rowMetrics = scan.run();

    List<ColumnPlan> byValue = plans();
    ValueCounts counts =
        ValueCounts.compute(
            data,
            List.of("status", "email", "joined", "amount"),
            List.of(),
            PARSED,
            RECENT,
            LowCardinalityGuess.MAX_JUDGED_VALUES);
    ValueCountMetrics perValue = new ValueCountMetrics();
    // Text columns have no numeric metrics: with value counts, the scan has nothing left to compute
    // for them.
    byValue.forEach(
        p -> p.addTo(new DeequAnalysis(data), perValue, AUDIT, Optional.of("updated"), PARSED));
    DeequMetrics valueMetrics = perValue.compute(spark, counts);

    int compared = 0;
    for (int i = 0; i < byRow.size(); i++) {
      ColumnPlan row = byRow.get(i);
      ColumnPlan value = byValue.get(i);
      assertThat(value.keys.keySet())
          .as("the same metrics of " + row.name)
          .isEqualTo(row.keys.keySet());
      assertThat(value.counted)
          .as("the same example predicates of " + row.name)
          .isEqualTo(row.counted);
      for (String metric : row.keys.keySet()) {
        assertThat(valueMetrics.value(value.keys.get(metric)))
            .as(metric + " of " + row.name)
            .isEqualTo(rowMetrics.value(row.keys.get(metric)));
        assertThat(valueMetrics.distribution(value.keys.get(metric)))
            .as(metric + " of " + row.name)
            .isEqualTo(rowMetrics.distribution(row.keys.get(metric)));
        compared++;
      }
    }
    assertThat(compared).as("metrics compared").isEqualTo(42);
    assertThat(valueMetrics.failures()).isEmpty();

    // The numbers themselves, so that the comparison cannot pass on two empty answers.
    ColumnPlan status = byValue.get(0);
    assertThat(valueMetrics.count(status.keys.get("padded"), 300))
        .as("' active' on parsed lines")
        .isEqualTo(25);
    assertThat(valueMetrics.count(status.keys.get("mojibake"), 300))
        .as("'MalmÃ¶' on parsed lines")
        .isEqualTo(25);
    assertThat(valueMetrics.count(status.keys.get("control-characters"), 300))
        .as("'bell\\a' on parsed lines")
        .isEqualTo(25);
    assertThat(valueMetrics.count(status.keys.get("placeholders"), 300))
        .as("'N/A' on every line")
        .isEqualTo(28);
    assertThat(valueMetrics.distribution(status.keys.get("data_type")))
        .as("nulls, '1.5', 'true'")
        .containsEntry("Unknown", 24L)
        .containsEntry("Fractional", 28L)
        .containsEntry("Boolean", 27L);
    assertThat(valueMetrics.value(status.keys.get("approx_distinct")))
        .as("10 values")
        .contains(10.0);
    assertThat(valueMetrics.count(status.keys.get("meaningful_recent"), 300)).isGreaterThan(0);
    assertThat(valueMetrics.count(byValue.get(2).keys.get("out-of-range"), 300))
        .as("1850 and 2099, parsed lines")
        .isGreaterThan(0);
    assertThat(valueMetrics.count(byValue.get(3).keys.get("thousands-separator"), 300))
        .isGreaterThan(0);
  }

  @Test
  void aColumnWithMoreValuesThanTheLimitIsNotCountedAndSoStaysInTheScan() {
    Dataset<Row> data = data();
    ValueCounts counts =
        ValueCounts.compute(
            data,
            List.of("status", "email"),
            List.of(List.of("status", "email")),
            "true",
            "false",
            5);
    assertThat(counts.has("email")).as("4 values and nulls: under the limit").isTrue();
    assertThat(counts.has("status")).as("10 values and nulls: over the limit").isFalse();
    assertThat(counts.hasPair(List.of("status", "email"))).isFalse();
    assertThat(counts.of("email").get("none").rows()).isEqualTo(75);
  }
}
