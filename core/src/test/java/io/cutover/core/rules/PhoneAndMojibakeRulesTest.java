package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecException;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * normalize-phone with the row's country or several default regions, and mojibake of any lead byte,
 * on tiny inline rows.
 */
@ExtendWith(SparkExtension.class)
class PhoneAndMojibakeRulesTest {
  private static final StructType CONTACTS =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("phone", DataTypes.StringType)
          .add("country", DataTypes.StringType)
          .add("name", DataTypes.StringType);

  private final SparkSession spark;
  @TempDir Path dir;

  PhoneAndMojibakeRulesTest(SparkSession spark) {
    this.spark = spark;
  }

  private Path spec(String rules) throws Exception {
    Path file = dir.resolve("contacts.conf");
    Files.writeString(
        file,
        "name = c\nwork-dir = \""
            + dir
            + "\"\nsources { contacts { format = parquet, path = p, key = [id] } }\n"
            + "cohorts { source = contacts, count = 1 }\ntarget { table = contacts, path = staged }\nrules { contacts = [\n"
            + rules
            + "\n] }\n");
    return file;
  }

  /** Each row by id: "value | outcome | actions". */
  private Map<Long, String> stage(String rules, List<Row> rows) throws Exception {
    MigrationSpec spec = SpecLoader.load(spec(rules), Map.of(), Map.of());
    RuleCompiler compiler =
        new RuleCompiler(spec, spec.source("contacts"), LocalDate.of(2026, 11, 28));
    Map<Long, String> out = new TreeMap<>();
    for (Row r :
        compiler
            .compile(compiler.withCohort(spark.createDataFrame(rows, CONTACTS)))
            .rows()
            .collectAsList()) {
      Row o = r.getAs(StageColumns.OUTCOME);
      String value =
          r.schema().getFieldIndex("phone").isDefined() ? r.getAs("phone") : r.getAs("name");
      out.put(
          r.getAs("id"),
          value
              + " | "
              + (o == null ? "staged" : o.getString(0) + ": " + o.getString(2))
              + " | "
              + r.getList(r.fieldIndex(StageColumns.ACTIONS)));
    }
    return out;
  }

  private static Row contact(long id, String phone, String country) {
    return RowFactory.create(id, phone, country, null);
  }

  @Test
  void theRowsCountryDecidesANationalNumberAndAnInternationalOneKeepsItsOwn() throws Exception {
    List<Row> rows =
        List.of(
            contact(1, "06 12 34 56 78", "FR"),
            contact(2, "06 12 34 56 78", "ES"),
            contact(3, "(415) 555-2671", "us"),
            contact(4, "+33 6 12 34 56 78", "US"),
            contact(5, "+33 6 12 34 56 78", "FRA"),
            contact(6, "06 12 34 56 78", null),
            contact(7, "06 12 34 56 78", "Atlantis"),
            contact(8, "+1 416 555 0199", "US"),
            contact(9, "N/A", "FR"));

    Map<Long, String> quarantine =
        stage(
            "{ type = normalize-phone, column = phone, region-column = country, default-region = FR }",
            rows);

    assertThat(quarantine)
        .as("value | outcome | actions, by id")
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    1L, "+33612345678 | staged | []",
                    2L,
                        "null | quarantine: phone: not a valid phone number for ES (column country) | []",
                    3L, "+14155552671 | staged | []",
                    4L,
                        "+33612345678 | quarantine: phone: a +33 number (FR) on a row whose country is US (column country) | []",
                    5L, "+33612345678 | staged | []",
                    6L, "+33612345678 | staged | []",
                    7L, "+33612345678 | staged | []",
                    8L,
                        "+14165550199 | quarantine: phone: a +1 number (CA) on a row whose country is US (column country) | []",
                    9L, "null | staged | []")));

    Map<Long, String> keep =
        stage(
            "{ type = normalize-phone, column = phone, region-column = country, default-region = FR, on-country-mismatch = keep }",
            rows.subList(3, 4));
    assertThat(keep)
        .as("kept: the number's own country, as E.164")
        .containsExactlyEntriesOf(Map.of(4L, "+33612345678 | staged | []"));
  }

  @Test
  void aNumberOnManyRowsGetsTheOutcomeItGetsOnOne() throws Exception {
    // Readings of numbers seen more than once are kept per JVM: outcomes may not depend on it.
    List<Row> rows = new ArrayList<>();
    for (long id = 1; id <= 30; id++) {
      String phone =
          id % 3 == 0 ? "+33 6 12 34 56 78" : id % 3 == 1 ? "06 12 34 56 78" : "+1 416 555 0199";
      rows.add(contact(id, phone, id == 30 ? "FR" : "US"));
    }
    String rule =
        "{ type = normalize-phone, column = phone, region-column = country, default-region = FR }";

    for (int run = 1; run <= 2; run++) {
      Map<String, Long> outcomes = new TreeMap<>();
      stage(rule, rows).values().forEach(o -> outcomes.merge(o, 1L, Long::sum));
      assertThat(outcomes)
          .as("run %d: rows by outcome", run)
          .containsExactlyEntriesOf(
              new TreeMap<>(
                  Map.of(
                      "+14165550199 | quarantine: phone: a +1 number (CA) on a row whose country is US (column country) | []",
                      10L,
                      "+33612345678 | quarantine: phone: a +33 number (FR) on a row whose country is US (column country) | []",
                      9L,
                      "+33612345678 | staged | []",
                      1L,
                      "null | quarantine: phone: not a valid phone number for US (column country) | []",
                      10L)));
    }
  }

  @Test
  void withSeveralDefaultRegionsANumberValidInMoreThanOneIsAmbiguous() throws Exception {
    List<Row> rows =
        List.of(
            contact(1, "612345678", null),
            contact(2, "06 12 34 56 78", null),
            contact(3, "(415) 555-2671", null),
            contact(4, "12", null));

    Map<Long, String> quarantine =
        stage("{ type = normalize-phone, column = phone, default-region = [ES, FR] }", rows);

    assertThat(quarantine)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    1L,
                        "null | quarantine: phone: a national number valid in ES, FR (+34612345678, +33612345678): cannot tell which is meant;"
                            + " give the region with region-column | []",
                    2L, "+33612345678 | staged | []",
                    3L,
                        "null | quarantine: phone: not a valid phone number for any of [ES, FR] | []",
                    4L,
                        "null | quarantine: phone: not a valid phone number for any of [ES, FR] | []")));

    Map<Long, String> kept =
        stage(
            "{ type = normalize-phone, column = phone, default-region = [ES, FR], on-ambiguous = keep-as-given, on-fail = null }",
            rows);

    assertThat(kept)
        .as("the ambiguous number staged as given, with an action that counts it")
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    1L, "612345678 | staged | [confirm-phone]",
                    2L, "+33612345678 | staged | []",
                    3L, "null | staged | []",
                    4L, "null | staged | []")));
  }

  @Test
  void phoneOptionsAreCheckedWithTheirLine() throws Exception {
    Path file =
        spec(
            """
                { type = normalize-phone, column = phone, default-region = [ES, XX], on-ambigous = keep }
                { type = normalize-phone, column = phone, on-country-mismatch = keep, on-ambiguous = maybe }
                """);

    assertThatThrownBy(() -> SpecLoader.load(file, Map.of(), Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            file
                + ":7: rules.contacts[0].default-region: 'XX' is not a region libphonenumber knows")
        .hasMessageContaining(
            file
                + ":7: rules.contacts[0].on-ambigous: unknown key 'on-ambigous'; did you mean 'on-ambiguous'?")
        .hasMessageContaining(
            file + ":8: rules.contacts[1].on-country-mismatch: needs 'region-column'")
        .hasMessageContaining(
            file
                + ":8: rules.contacts[1].on-ambiguous: 'maybe' is not one of [keep-as-given, quarantine]");
  }

  @Test
  void mojibakeOfAnyLeadByteIsRepairedAndGenuineLatinTextIsLeftAlone() throws Exception {
    String[] names = {
      "Wroc\u00C5\u0082aw",
      "\u00C5\u0081\u00C3\u00B3d\u00C5\u00BA",
      "it\u00E2\u20AC\u2122s",
      "Z\u00C3\u00BCrich",
      "\u00D0\u0153\u00D0\u00BE\u00D1\u0081\u00D0\u00BA\u00D0\u00B2\u00D0\u00B0",
      "\u00C5sa",
      "S\u00E3o Paulo",
      "\u00D0or\u0111e",
      "Wroc\u0142aw",
      "5\u20AC",
      "plain"
    };
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      rows.add(RowFactory.create((long) i, null, null, names[i]));
    }

    Map<Long, String> out =
        stage(
            """
                { type = strip-control-characters, column = name }
                { type = repair-mojibake, column = name }
                { type = drop, column = phone }
                """,
            rows);

    assertThat(out.values())
        .extracting(v -> v.substring(0, v.indexOf(" | ")))
        .containsExactly(
            "Wroc\u0142aw",
            "\u0141\u00F3d\u017A",
            "it\u2019s",
            "Z\u00FCrich",
            "\u041C\u043E\u0441\u043A\u0432\u0430",
            "\u00C5sa",
            "S\u00E3o Paulo",
            "\u00D0or\u0111e",
            "Wroc\u0142aw",
            "5\u20AC",
            "plain");
  }

  @Test
  void c1ControlCharactersAreStrippedWhereTheyAreNotPartOfMojibake() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(1L, null, null, "a\u0085b\u0007c\u009F"),
            RowFactory.create(2L, null, null, "Wroc\u00C5\u0082aw\u0007"));

    Map<Long, String> out =
        stage(
            "{ type = strip-control-characters, column = name }\n{ type = drop, column = phone }",
            rows);

    assertThat(out)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(1L, "abc | staged | []", 2L, "Wroc\u00C5\u0082aw | staged | []")));
  }
}
