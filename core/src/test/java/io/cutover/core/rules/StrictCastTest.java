package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Casts that never change a value's meaning silently: each value either stages exactly, or is
 * quarantined with why.
 */
@ExtendWith(SparkExtension.class)
class StrictCastTest {
  private static final StructType ROWS =
      new StructType().add("id", DataTypes.LongType).add("v", DataTypes.StringType);

  private final SparkSession spark;
  @TempDir Path dir;

  StrictCastTest(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Each input value -> its staged value (as text) or "quarantine: reason"; "lossy" lists the lossy
   * changes.
   */
  private Map<String, String> cast(String rule, String target, String... values) throws Exception {
    Path file = dir.resolve("c.conf");
    Files.writeString(
        file,
        "name = c\nwork-dir = \""
            + dir
            + "\"\nsources { t { format = parquet, path = p, key = [id] } }\n"
            + "cohorts { source = t, count = 1 }\ntarget { table = t, path = staged"
            + target
            + " }\nrules { t = [\n"
            + rule
            + "\n] }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    RuleCompiler compiler = new RuleCompiler(spec, spec.source("t"), LocalDate.of(2026, 12, 7));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      rows.add(RowFactory.create((long) i, values[i]));
    }
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lossy = new ArrayList<>();
    for (Row r :
        compiler
            .compile(compiler.withCohort(spark.createDataFrame(rows, ROWS)))
            .rows()
            .orderBy("id")
            .collectAsList()) {
      String in = values[(int) r.getLong(r.fieldIndex("id"))];
      Row o = r.getAs(StageColumns.OUTCOME);
      Object v = r.get(r.fieldIndex("v"));
      out.put(
          in,
          o != null
              ? "quarantine: " + o.getString(2)
              : v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
      lossy.addAll(r.getList(r.fieldIndex(StageColumns.LOSSY)));
    }
    out.put("lossy", lossy.toString());
    return out;
  }

  @Test
  void aSingleConventionNoLongerReadsTheOtherAsSomethingElse() throws Exception {
    Map<String, String> out =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\", grouping-separator = \",\" }",
            "",
            "15.526,66",
            "1,234.50",
            "7");
    assertThat(out.get("15.526,66"))
        .as("read as 15.53 before")
        .isEqualTo(
            "quarantine: v: cannot be read as decimal(18,2) with separators [{grouping ',', decimal '.'}]");
    assertThat(out.get("1,234.50")).isEqualTo("1234.50");
    assertThat(out.get("7")).isEqualTo("7.00");
  }

  @Test
  void aListOfConventionsReadsEachValueByTheOneItFits() throws Exception {
    Map<String, String> out =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\", separators = [{grouping = \",\", decimal = \".\"}, {grouping = \".\", decimal = \",\"}] }",
            "",
            "15.526,66",
            "1,234.50",
            "12,5",
            "1,234",
            "1.234,5.6");
    assertThat(out.get("15.526,66")).isEqualTo("15526.66");
    assertThat(out.get("1,234.50")).isEqualTo("1234.50");
    assertThat(out.get("12,5")).as("only the second convention reads it").isEqualTo("12.50");
    assertThat(out.get("1,234")).startsWith("quarantine: v: ambiguous separators");
    assertThat(out.get("1.234,5.6")).startsWith("quarantine: v: cannot be read as decimal(18,2)");
  }

  @Test
  void autoDecidesPerValueAndQuarantinesWhatItCannotDecide() throws Exception {
    Map<String, String> out =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\", separators = auto }",
            "",
            "1.234,56",
            "1,234.56",
            "1 234,56",
            "1,234",
            "1.234",
            "-0,5",
            "12abc",
            "1,23,456");
    assertThat(out.get("1.234,56")).isEqualTo("1234.56");
    assertThat(out.get("1,234.56")).isEqualTo("1234.56");
    assertThat(out.get("1 234,56")).isEqualTo("1234.56");
    assertThat(out.get("1,234"))
        .isEqualTo(
            "quarantine: v: ambiguous separators: "
                + NumberReading.describe(autoList())
                + " read it as different numbers; quarantined rather than guessed");
    assertThat(out.get("1.234")).startsWith("quarantine: v: ambiguous separators");
    assertThat(out.get("-0,5")).isEqualTo("-0.50");
    assertThat(out.get("12abc"))
        .isEqualTo("quarantine: v: cannot be read as decimal(18,2) (separators = auto)");
    assertThat(out.get("1,23,456"))
        .as("groups of three only")
        .isEqualTo("quarantine: v: cannot be read as decimal(18,2) (separators = auto)");
  }

  private static List<io.cutover.core.spec.RuleSpec.Separators> autoList() {
    return List.of(
        new io.cutover.core.spec.RuleSpec.Separators(",", "."),
        new io.cutover.core.spec.RuleSpec.Separators(".", ","),
        new io.cutover.core.spec.RuleSpec.Separators(" ", ","),
        new io.cutover.core.spec.RuleSpec.Separators("\u00A0", ","),
        new io.cutover.core.spec.RuleSpec.Separators("\u202F", ","),
        new io.cutover.core.spec.RuleSpec.Separators(" ", "."),
        new io.cutover.core.spec.RuleSpec.Separators("'", "."),
        new io.cutover.core.spec.RuleSpec.Separators("\u2019", "."));
  }

  @Test
  void moreDecimalsThanTheScaleQuarantineUnlessTheRuleRoundsHalfEvenAndCountsIt() throws Exception {
    Map<String, String> strict =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\" }",
            "",
            "12.345",
            "12.340",
            "12abc",
            "1234567890123456.5",
            "12345678901234567");
    assertThat(strict.get("12.345"))
        .isEqualTo(
            "quarantine: v: scale: the value has 3 decimals, decimal(18,2) keeps 2; set rounding = half-even to round it");
    assertThat(strict.get("12.340")).as("trailing zeros lose nothing").isEqualTo("12.34");
    assertThat(strict.get("12abc")).isEqualTo("quarantine: v: cannot be read as decimal(18,2)");
    assertThat(strict.get("1234567890123456.5"))
        .as("16 whole digits fit")
        .isEqualTo("1234567890123456.50");
    assertThat(strict.get("12345678901234567"))
        .isEqualTo(
            "quarantine: v: overflow: 17 digits before the decimal point, decimal(18,2) holds 16");
    assertThat(strict.get("lossy")).isEqualTo("[]");

    Map<String, String> rounded =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\", rounding = half-even }",
            "",
            "12.345",
            "12.355",
            "12.3451",
            "12.34",
            "99999999999999999.995");
    assertThat(rounded.get("12.345")).as("half-even: to the even neighbour").isEqualTo("12.34");
    assertThat(rounded.get("12.355")).isEqualTo("12.36");
    assertThat(rounded.get("12.3451")).isEqualTo("12.35");
    assertThat(rounded.get("12.34")).isEqualTo("12.34");
    assertThat(rounded.get("99999999999999999.995"))
        .startsWith("quarantine: v: overflow: 17 digits");
    assertThat(rounded.get("lossy"))
        .as("three values rounded, each counted")
        .isEqualTo("[rounded cast:v, rounded cast:v, rounded cast:v]");
  }

  @Test
  void integersAreReadWholeOrQuarantined() throws Exception {
    Map<String, String> out =
        cast(
            "{ type = cast, column = v, to = int }", "", "42", "42.0", "42.5", "3000000000", " 7 ");
    assertThat(out.get("42")).isEqualTo("42");
    assertThat(out.get("42.0")).isEqualTo("42");
    assertThat(out.get("42.5"))
        .isEqualTo(
            "quarantine: v: scale: the value has 1 decimals, int keeps 0; set rounding = half-even to round it");
    assertThat(out.get("3000000000"))
        .isEqualTo("quarantine: v: overflow: does not fit int (after rounding)");
    assertThat(out.get(" 7 ")).isEqualTo("7");
  }

  @Test
  void aLocaleReadsItsOwnConvention() throws Exception {
    Map<String, String> out =
        cast(
            "{ type = cast, column = v, to = \"decimal(18,2)\", locale = \"de-DE\" }",
            "",
            "15.526,66",
            "1,234.50");
    assertThat(out.get("15.526,66")).isEqualTo("15526.66");
    assertThat(out.get("1,234.50"))
        .startsWith(
            "quarantine: v: cannot be read as decimal(18,2) with separators [{grouping '.', decimal ','}]");
  }

  @Test
  void twoDigitYearsNeedAPivotYear() throws Exception {
    Map<String, String> none =
        cast(
            "{ type = cast, column = v, to = date, formats = [\"yyyy-M-d\", \"d/M/yy\"] }",
            "",
            "2021-03-04",
            "4/3/69");
    assertThat(none.get("2021-03-04")).isEqualTo("2021-03-04");
    assertThat(none.get("4/3/69"))
        .startsWith("quarantine: v: two-digit year: its century would be a guess; set pivot-year");

    Map<String, String> pivot =
        cast(
            "{ type = cast, column = v, to = date, formats = [\"d/M/yy\"], pivot-year = 1950 }",
            "",
            "4/3/69",
            "4/3/49",
            "29/2/00");
    assertThat(pivot.get("4/3/69")).isEqualTo("1969-03-04");
    assertThat(pivot.get("4/3/49")).isEqualTo("2049-03-04");
    assertThat(pivot.get("29/2/00")).isEqualTo("2000-02-29");
  }

  @Test
  void dayMonthOrderIsAmbiguousUnlessTheRulePrefersOne() throws Exception {
    String formats = "formats = [\"d/M/yyyy\", \"M/d/yyyy\"]";
    Map<String, String> none =
        cast(
            "{ type = cast, column = v, to = date, " + formats + " }",
            "",
            "03/04/2021",
            "25/04/2021",
            "04/25/2021",
            "03/03/2021",
            "31/31/2021");
    assertThat(none.get("03/04/2021"))
        .isEqualTo(
            "quarantine: v: ambiguous date: formats [d/M/yyyy, M/d/yyyy] read it as different dates; set prefer = day-first or month-first");
    assertThat(none.get("25/04/2021")).isEqualTo("2021-04-25");
    assertThat(none.get("04/25/2021")).isEqualTo("2021-04-25");
    assertThat(none.get("03/03/2021")).as("both read the same date").isEqualTo("2021-03-03");
    assertThat(none.get("31/31/2021"))
        .isEqualTo("quarantine: v: cannot be read as date with formats [d/M/yyyy, M/d/yyyy]");

    assertThat(
            cast(
                    "{ type = cast, column = v, to = date, " + formats + ", prefer = month-first }",
                    "",
                    "03/04/2021")
                .get("03/04/2021"))
        .isEqualTo("2021-03-04");
    assertThat(
            cast(
                    "{ type = cast, column = v, to = date, " + formats + ", prefer = day-first }",
                    "",
                    "03/04/2021")
                .get("03/04/2021"))
        .isEqualTo("2021-04-03");
  }

  @Test
  void textLongerThanTheTargetIsQuarantinedNeverCutUnlessTheRuleSaysSo() throws Exception {
    String target = ", columns { id { type = bigint }, v { type = \"varchar(5)\" } }";
    Map<String, String> out = cast("{ type = trim, column = v }", target, "abcde", "abcdef");
    assertThat(out.get("abcde")).isEqualTo("abcde");
    assertThat(out.get("abcdef"))
        .isEqualTo("quarantine: v: 6 characters, the target column holds 5");

    Map<String, String> strict =
        cast("{ type = cast, column = v, to = \"varchar(5)\" }", target, "abcdef");
    assertThat(strict.get("abcdef"))
        .isEqualTo(
            "quarantine: v: 6 characters, varchar(5) holds 5; set truncate = true to cut it");

    Map<String, String> cut =
        cast(
            "{ type = cast, column = v, to = \"varchar(5)\", truncate = true }",
            target,
            "abcdef",
            "abc");
    assertThat(cut.get("abcdef")).isEqualTo("abcde");
    assertThat(cut.get("abc")).isEqualTo("abc");
    assertThat(cut.get("lossy")).isEqualTo("[truncated cast:v]");

    Map<String, String> length =
        cast(
            "{ type = trim, column = v }",
            ", columns { id { type = bigint }, v { type = string, length = 3 } }",
            "abcd");
    assertThat(length.get("abcd"))
        .isEqualTo("quarantine: v: 4 characters, the target column holds 3");
  }
}
