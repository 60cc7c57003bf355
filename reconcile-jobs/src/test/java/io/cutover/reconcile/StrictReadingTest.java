package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The value check's strict reading, one pass over the characters, reads every value as the regular
 * expressions it replaced did (kept here as the reference): the same number or date, or null for
 * the same ambiguous and unreadable values.
 */
@ExtendWith(SparkExtension.class)
class StrictReadingTest {
  private final SparkSession spark;

  /** As reconcile reads legacy data: the parser of Spark 3, no upgrade exception. */
  StrictReadingTest(SparkSession spark) {
    this.spark = io.cutover.core.spark.LegacyDataSession.cloneOf(spark);
  }

  private static final List<String> NUMBERS =
      Arrays.asList(
          "1234.50",
          "1,234.50",
          "1.234,50",
          "12,5",
          "0,125",
          "1,234",
          "1.234",
          "1.234.567",
          "1,234,567",
          " 1 234,50 ",
          "1\u00A0234,50",
          "1\u202F234.5",
          "+12",
          "-1.234,56",
          "abc",
          "",
          null,
          "12\n",
          "12\r\n",
          "12\u2028",
          "1,23,456",
          "1,234.5.6",
          "1.2345,6",
          ".5",
          "5.",
          "-",
          "+",
          "00012",
          "1,234,567.891",
          "12345678901234567890123456789.5",
          "0,5",
          "10,123",
          "1.23456789012345",
          "--1",
          "1e5",
          "12,",
          ",5",
          "1,234,56",
          "\t12");

  private static final List<String> DATES =
      Arrays.asList(
          "2021-03-25",
          "2021-3-5",
          "20210325",
          "25/03/2021",
          "03/25/2021",
          "03/04/2021",
          "2021-02-30",
          "2021-13-01",
          "13/13/2021",
          " 2021-03-25 ",
          "2021-03-25\n",
          "0000-01-01",
          "20211332",
          "2021/03/25",
          "1/13/2021",
          "32/01/2021",
          "2021-03-25T00:00",
          "",
          null,
          "2024-02-29",
          "2023-02-29",
          "021-03-25",
          "2021-003-25",
          "13/1/2021",
          "1/1/2021");

  @Test
  void numbersReadAsTheRegularExpressionsRead() {
    List<Row> rows =
        column(NUMBERS)
            .select(
                functions.col("v"),
                ValueCheck.number(functions.col("v"), DataTypes.StringType).as("fast"),
                regexNumber(functions.col("v")).as("reference"))
            .collectAsList();
    List<String> read = new ArrayList<>();
    for (Row r : rows) {
      assertThat(r.<BigDecimal>getAs("fast"))
          .as("%s", r.<String>getAs("v"))
          .isEqualTo((Object) r.getAs("reference"));
      if (r.getAs("fast") != null) {
        read.add(r.<String>getAs("v"));
      }
    }
    assertThat(read).as("not every value null").contains("1.234,50", "1,234.50", "12,5", "0,125");
    assertThat(StrictReading.number("1.234,56")).isEqualByComparingTo("1234.56");
  }

  @Test
  void datesReadAsTheRegularExpressionsRead() {
    List<Row> rows =
        column(DATES)
            .select(
                functions.col("v"),
                ValueCheck.date("v", DataTypes.StringType).as("fast"),
                regexDate("v").as("reference"))
            .collectAsList();
    for (Row r : rows) {
      assertThat((Object) r.getAs("fast"))
          .as("%s", r.<String>getAs("v"))
          .isEqualTo((Object) r.getAs("reference"));
    }
    assertThat(StrictReading.date("25/03/2021")).isEqualTo(LocalDate.of(2021, 3, 25));
    assertThat(StrictReading.date("03/04/2021")).as("day and month could be swapped").isNull();
    assertThat(rows.stream().filter(r -> r.getAs("fast") != null).count()).isGreaterThan(5);
  }

  private Dataset<Row> column(List<String> values) {
    return spark.createDataset(values, Encoders.STRING()).toDF("v");
  }

  /** The notation rules as regular expressions, as the value check read numbers before. */
  private static org.apache.spark.sql.Column regexNumber(org.apache.spark.sql.Column legacy) {
    org.apache.spark.sql.Column v =
        functions.regexp_replace(functions.trim(legacy), "[\\u00A0\\u202F ]", "");
    return functions
        .coalesce(
            functions.when(v.rlike("^[+-]?[0-9]+(\\.[0-9]+)?$"), v),
            functions.when(
                v.rlike("^[+-]?[0-9]{1,3}(,[0-9]{3})+\\.[0-9]+$|^[+-]?[0-9]{1,3}(,[0-9]{3}){2,}$"),
                functions.regexp_replace(v, ",", "")),
            functions.when(
                v.rlike(
                    "^[+-]?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+$|^[+-]?[0-9]{1,3}(\\.[0-9]{3}){2,}$"),
                functions.regexp_replace(functions.regexp_replace(v, "\\.", ""), ",", ".")),
            functions.when(
                v.rlike("^[+-]?[0-9]+,[0-9]{1,2}$|^[+-]?0,[0-9]+$"),
                functions.regexp_replace(v, ",", ".")))
        .cast("decimal(38,10)");
  }

  /** The date shapes as regular expressions, as the value check read dates before. */
  private static org.apache.spark.sql.Column regexDate(String c) {
    String v = "trim(`" + c + "`)";
    String slash = "'^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$'";
    java.util.function.IntFunction<String> over12 =
        group ->
            v
                + " RLIKE "
                + slash
                + " AND CAST(regexp_extract("
                + v
                + ", "
                + slash
                + ", "
                + group
                + ") AS INT) > 12";
    return functions.expr(
        String.format(
            "CAST(CASE WHEN %1$s RLIKE '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$' THEN try_to_timestamp(%1$s,"
                + " 'yyyy-M-d') WHEN %1$s RLIKE '^[0-9]{8}$' THEN try_to_timestamp(%1$s, 'yyyyMMdd')"
                + " WHEN %2$s THEN try_to_timestamp(%1$s, 'd/M/yyyy')"
                + " WHEN %3$s THEN try_to_timestamp(%1$s, 'M/d/yyyy') END AS DATE)",
            v, over12.apply(1), over12.apply(2)));
  }
}
