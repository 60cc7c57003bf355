package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged values that a rule got wrong, caught by reading the legacy values without the rules: a
 * balance read in the wrong convention, a French phone staged as Spanish, a date read month-first;
 * ambiguous legacy values are not judged.
 */
@ExtendWith(SparkExtension.class)
class ValueCheckTest {
  private static final StructType LEGACY =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("balance", DataTypes.StringType)
          .add("phone", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("signup", DataTypes.StringType)
          .add(StageColumns.COHORT, DataTypes.StringType);
  private static final StructType STAGED =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("balance", DataTypes.createDecimalType(18, 2))
          .add("phone", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("signup", DataTypes.DateType)
          .add(StageColumns.COHORT, DataTypes.StringType);

  private final SparkSession spark;
  @TempDir Path dir;

  ValueCheckTest(SparkSession spark) {
    this.spark = spark;
  }

  private MigrationSpec spec(String balanceRule) throws IOException {
    Path file = dir.resolve("values.conf");
    Files.writeString(
        file,
        """
                name = t
                work-dir = "%s"
                sources { people { format = parquet, path = people, key = [id] } }
                cohorts { source = people, count = 1 }
                target { table = people, path = staged }
                rules { people = [
                  %s
                  { type = normalize-phone, column = phone, region-column = country, default-region = FR, on-fail = quarantine }
                  { type = cast, column = signup, to = date, formats = ["d/M/yyyy", "yyyy-M-d"], prefer = day-first, on-fail = quarantine }
                ] }
                """
            .formatted(dir, balanceRule));
    return SpecLoader.load(file, Map.of(), Map.of());
  }

  /**
   * Legacy rows and what a stage made of them (each staged row carries its legacy row's hash, as
   * stage records it).
   */
  private Dataset<Row>[] rows(List<Object[]> pairs) {
    List<Row> legacy = new ArrayList<>();
    List<Row> staged = new ArrayList<>();
    for (Object[] p : pairs) {
      legacy.add(RowFactory.create(p[0], p[1], p[2], p[3], p[4], "c0"));
      staged.add(
          RowFactory.create(
              p[0],
              p[5] == null ? null : new BigDecimal((String) p[5]),
              p[6],
              p[3],
              p[7] == null ? null : Date.valueOf((String) p[7]),
              "c0"));
    }
    Dataset<Row> l = spark.createDataFrame(legacy, LEGACY);
    @SuppressWarnings("unchecked")
    Dataset<Row>[] out = new Dataset[] {l, withHashes(l, spark.createDataFrame(staged, STAGED))};
    return out;
  }

  /** Staged rows carrying their legacy row's hash, as stage records it. */
  private static Dataset<Row> withHashes(Dataset<Row> legacy, Dataset<Row> staged) {
    Dataset<Row> hashes =
        legacy.select(
            functions.col("id").as("h_id"),
            RuleCompiler.sourceHash(legacy).as(StageColumns.SOURCE_HASH));
    return staged.join(hashes, staged.col("id").equalTo(hashes.col("h_id"))).drop("h_id");
  }

  private static final List<Object[]> ROWS =
      List.of(
          // id, legacy balance, legacy phone, country, legacy signup, staged balance, staged phone,
          // staged signup
          new Object[] {
            1L,
            "1,234.50",
            "06 12 34 56 78",
            "FR",
            "25/03/2021",
            "1234.50",
            "+33612345678",
            "2021-03-25"
          },
          new Object[] {
            2L,
            "15.526,66",
            "(415) 555-2671",
            "US",
            "2021-02-03",
            "15.53",
            "+14155552671",
            "2021-02-03"
          },
          new Object[] {
            3L, "1,234", "06 12 34 56 79", "FR", "03/04/2021", "1.23", "+34612345679", "2021-04-03"
          },
          new Object[] {
            4L, "12,5", "06 12 34 56 70", "FR", "2021-05-06", "12.50", "+33612345670", "2021-06-05"
          });

  @Test
  void aRuleThatChangedMeaningFailsWithItsKeys() throws IOException {
    MigrationSpec spec =
        spec(
            "{ type = cast, column = balance, to = \"decimal(18,2)\", separators = auto, on-fail = quarantine }");
    Dataset<Row>[] rows = rows(ROWS);

    CheckOutcome o =
        new ValueCheck(spec.source("people"), spec.rulesOf("people"))
            .check(rows[0], rows[1], List.of("c0"))
            .get("c0");

    assertThat(o.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(o.numbers())
        .as("15.526,66 staged as 15.53; 1,234 is ambiguous: not judged")
        .containsEntry("balance_changed", 1L)
        .containsEntry("balance_checked", 3L)
        .as("a French number staged as +34")
        .containsEntry("phone_changed", 1L)
        .as("2021-05-06 staged as June 5; 03/04/2021 is ambiguous: not judged")
        .containsEntry("signup_changed", 1L)
        .containsEntry("signup_checked", 3L);
    assertThat(o.examples()).containsExactly("2", "3", "4");
    assertThat(o.message()).contains("balance (number): 1", "phone (phone): 1", "signup (date): 1");
  }

  /**
   * The hashes' grouping by key judges the same pairs as the value check's own join: a legacy row
   * and the staged row made of it, not a duplicate merged away (same key, another hash) nor a
   * staged row without its legacy row.
   */
  @Test
  void theHashesGroupingJudgesWhatTheJoinJudges() throws IOException {
    MigrationSpec spec =
        spec(
            "{ type = cast, column = balance, to = \"decimal(18,2)\", separators = auto, on-fail = quarantine }");
    Dataset<Row>[] rows = rows(ROWS);
    Dataset<Row> legacy =
        rows[0].unionByName(
            spark.createDataFrame(
                List.of(
                    RowFactory.create(2L, "99", "06 12 34 56 78", "FR", "2021-02-03", "c0"),
                    RowFactory.create(7L, "1", "06 12 34 56 78", "FR", "2021-02-03", "c0")),
                LEGACY));
    Dataset<Row> staged =
        rows[1]
            .unionByName(
                rows[1]
                    .filter("id = 1")
                    .withColumn("id", functions.lit(8L))
                    .withColumn("balance", functions.lit(new BigDecimal("5.00"))))
            .withColumn(StageColumns.ROW_HASH, functions.lit(null).cast("long"));
    ValueCheck check = new ValueCheck(spec.source("people"), spec.rulesOf("people"));

    CheckOutcome grouped = grouped(check, legacy, staged, "balance");
    CheckOutcome joined = check.check(legacy, staged, List.of("c0")).get("c0");

    assertThat(grouped.numbers())
        .isEqualTo(joined.numbers())
        .containsEntry("balance_changed", 1L)
        .containsEntry("balance_checked", 3L);
    assertThat(grouped.verdict()).isEqualTo(joined.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(grouped.examples()).isEqualTo(joined.examples()).containsExactly("2", "3", "4");
  }

  @Test
  void rightValuesPassAndADeclaredRoundingOnlyWarns() throws IOException {
    List<Object[]> right =
        List.<Object[]>of(
            ROWS.get(0),
            new Object[] {
              2L,
              "15.526,66",
              "(415) 555-2671",
              "US",
              "2021-02-03",
              "15526.66",
              "+14155552671",
              "2021-02-03"
            });
    MigrationSpec plain =
        spec(
            "{ type = cast, column = balance, to = \"decimal(18,2)\", separators = auto, on-fail = quarantine }");
    Dataset<Row>[] ok = rows(right);
    assertThat(
            new ValueCheck(plain.source("people"), plain.rulesOf("people"))
                .check(ok[0], ok[1], List.of("c0"))
                .get("c0")
                .verdict())
        .isEqualTo(Verdict.PASS);

    MigrationSpec rounding =
        spec(
            "{ type = cast, column = balance, to = \"decimal(18,2)\", separators = auto, rounding = half-even, on-fail = quarantine }");
    Dataset<Row>[] rounded =
        rows(
            List.<Object[]>of(
                new Object[] {
                  5L,
                  "2.345",
                  "06 12 34 56 78",
                  "FR",
                  "25/03/2021",
                  "2.34",
                  "+33612345678",
                  "2021-03-25"
                }));
    CheckOutcome o =
        new ValueCheck(rounding.source("people"), rounding.rulesOf("people"))
            .check(rounded[0], rounded[1], List.of("c0"))
            .get("c0");
    assertThat(o.verdict()).as("the spec declares the rounding").isEqualTo(Verdict.WARN);
    assertThat(o.numbers()).containsEntry("balance_changed", 1L);
  }

  /** One text column, legacy and staged, under the given rules of people. */
  private CheckOutcome textCheck(String rules, String[][] notes) throws IOException {
    Path file = dir.resolve("text.conf");
    Files.writeString(
        file,
        """
                name = t
                work-dir = "%s"
                sources { people { format = parquet, path = people, key = [id] } }
                cohorts { source = people, count = 1 }
                target { table = people, path = staged }
                rules { people = [ %s ] }
                """
            .formatted(dir, rules));
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("notes", DataTypes.StringType)
            .add(StageColumns.COHORT, DataTypes.StringType);
    List<Row> legacy = new ArrayList<>();
    List<Row> staged = new ArrayList<>();
    for (int i = 0; i < notes.length; i++) {
      legacy.add(RowFactory.create((long) i + 1, notes[i][0], "c0"));
      staged.add(RowFactory.create((long) i + 1, notes[i][1], "c0"));
    }
    Dataset<Row> l = spark.createDataFrame(legacy, schema);
    return new ValueCheck(spec.source("people"), spec.rulesOf("people"))
        .check(l, withHashes(l, spark.createDataFrame(staged, schema)), List.of("c0"))
        .get("c0");
  }

  private static final String[][] NOTES = {
    {"call after 5", "call after 5"}, {"Hello world", "Hello wo"}, {null, null}, {"VIP", "vip"}
  };

  @Test
  void textNoRuleMayChangeFailsWhenItChangedWithItsKeys() throws IOException {
    CheckOutcome o = textCheck("{ type = validate, check = not-null, column = id }", NOTES);

    assertThat(o.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(o.numbers())
        .as("cut without a rule, and lower-cased without one")
        .containsEntry("notes_changed", 2L)
        .containsEntry("notes_checked", 3L);
    assertThat(o.examples()).containsExactly("2", "4");
    assertThat(o.message()).contains("notes (text): 2");
  }

  @Test
  void aDeclaredTruncationOnlyWarnsButAnyOtherChangeStillFails() throws IOException {
    String cast =
        "{ type = cast, column = notes, to = \"varchar(8)\", truncate = true, on-fail = quarantine }";
    CheckOutcome cut =
        textCheck(cast, new String[][] {{"call after 5", "call aft"}, {"Hello", "Hello"}});
    assertThat(cut.verdict()).as("the spec declares the truncation").isEqualTo(Verdict.WARN);
    assertThat(cut.numbers()).containsEntry("notes_truncated_changed", 1L);
    assertThat(cut.examples()).containsExactly("1");

    CheckOutcome other = textCheck(cast, NOTES);
    assertThat(other.verdict()).as("VIP staged as vip: no rule says so").isEqualTo(Verdict.FAIL);
    assertThat(other.numbers())
        .containsEntry("notes_changed", 1L)
        .containsEntry("notes_truncated_changed", 1L);

    CheckOutcome trimmed = textCheck("{ type = trim, column = notes }", NOTES);
    assertThat(trimmed.verdict())
        .as("a trim changes text as the spec says: not judged here")
        .isEqualTo(Verdict.PASS);
  }

  /**
   * A phone's digits are read on each side before the pairing (the last 18 legacy digits and their
   * count; the staged number's calling code and national number): changed digits and a legacy value
   * without digits fail, an Italian leading zero, a legacy value of more than 18 digits and a
   * staged value that is not international do not; the join and the hashes' grouping agree.
   */
  @Test
  void phoneDigitsAreJudgedTheSameWhetherJoinedOrGrouped() throws IOException {
    MigrationSpec spec =
        spec(
            "{ type = cast, column = balance, to = \"decimal(18,2)\", separators = auto, on-fail = quarantine }");
    List<Object[]> phones = new ArrayList<>();
    String[][] cases = {
      {"06 12 34 56 78", "FR", "+33612345679"},
      {"+39 06 1234 5678", "IT", "+390612345678"},
      {"none given", "FR", "+33612345678"},
      {"ext 12345678901234 06 12 34 56 78", "FR", "+33612345678"},
      {"06 12 34 56 78", "FR", "0612345678"},
      {"(415) 555-2671", "US", "+14155552671"}
    };
    for (int i = 0; i < cases.length; i++) {
      phones.add(
          new Object[] {
            i + 1L, "1", cases[i][0], cases[i][1], "2021-01-01", "1", cases[i][2], "2021-01-01"
          });
    }
    Dataset<Row>[] rows = rows(phones);
    Dataset<Row> staged =
        rows[1].withColumn(StageColumns.ROW_HASH, functions.lit(null).cast("long"));
    ValueCheck check = new ValueCheck(spec.source("people"), spec.rulesOf("people"));

    CheckOutcome joined = check.check(rows[0], staged, List.of("c0")).get("c0");
    CheckOutcome grouped = grouped(check, rows[0], staged, "phone");

    assertThat(joined.numbers())
        .containsEntry("phone_checked", 6L)
        .as("digits changed, and a legacy value without digits")
        .containsEntry("phone_changed", 2L);
    assertThat(joined.examples()).containsExactly("1", "3");
    assertThat(grouped.numbers()).isEqualTo(joined.numbers());
    assertThat(grouped.examples()).isEqualTo(joined.examples());
  }

  /**
   * The value check's outcome for c0 judged on the hashes' grouping of {@code legacy} and {@code
   * staged}.
   */
  private static CheckOutcome grouped(
      ValueCheck check, Dataset<Row> legacy, Dataset<Row> staged, String compared) {
    Fingerprints prints =
        Fingerprints.find(
            legacy,
            functions.lit(false),
            staged,
            List.of("id"),
            List.of(compared),
            java.util.Optional.empty(),
            java.util.Optional.of(check),
            java.util.Optional.empty());
    try {
      return prints.values().orElseThrow().outcomes(List.of("c0")).get("c0");
    } finally {
      prints.release();
    }
  }
}
