package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.AuditSpec;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phones that disagree with their row's country, and mojibake of any lead byte, planted in tiny
 * inline datasets.
 */
@ExtendWith(SparkExtension.class)
class PhoneCountryAndMojibakeAuditTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final StructType CONTACTS =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("phone", DataTypes.StringType)
          .add("cc", DataTypes.StringType);

  private static final AuditSpec AUDIT = new AuditSpec(Set.of(), 0.01, 24, 20, 0.0, Map.of());

  private final SparkSession spark;
  @TempDir Path dir;

  PhoneCountryAndMojibakeAuditTest(SparkSession spark) {
    this.spark = spark;
  }

  private AuditResult audit(String source) throws IOException {
    Path file = dir.resolve("audit.conf");
    Files.writeString(
        file,
        "name = t\nwork-dir = \""
            + dir
            + "\"\nsources {\n"
            + source
            + "\n}\n"
            + "cohorts { source = contacts }\ntarget { table = contacts, path = staged }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    return new AuditJob(spark, spec, new AuditOptions(List.of(), "t", NOW), Progress.SILENT).run();
  }

  private static List<Finding> of(AuditResult result, String column, String type) {
    return result.findings().stream()
        .filter(f -> f.column().equals(column) && f.type().equals(type))
        .toList();
  }

  @Test
  void twoOfSixPhonesOfAnotherCountryThanTheirRowsAreCounted() {
    List<Row> rows =
        List.of(
            RowFactory.create(1L, "06 12 34 56 78", "FR"),
            RowFactory.create(2L, "(415) 555-2671", "US"),
            RowFactory.create(3L, "+33 6 12 34 56 78", "US"),
            RowFactory.create(4L, "+1 415 555 2671", "FR"),
            RowFactory.create(5L, "+33 7 81 23 45 67", "fr"),
            RowFactory.create(6L, "612 34 56 78", "ES"));
    Dataset<Row> data = spark.createDataFrame(rows, CONTACTS);
    ColumnPlan phone =
        new ColumnPlan("phone", DataTypes.StringType, SemanticType.PHONE, true, AUDIT);

    List<Finding> found = new PhoneCountryAudit("contacts", data, "true").of(phone, "cc");

    assertThat(found).extracting(Finding::type).containsExactly("phone-country-mismatch");
    Finding mismatch = found.get(0);
    assertThat(mismatch.evidence())
        .as("+33 on a US row and +1 on a French one")
        .containsEntry("rows", 2L)
        .containsEntry("country_column", "cc");
    assertThat(mismatch.message())
        .startsWith(
            "2 of 6 phones with a country are numbers of another country than the row's cc");
    assertThat(mismatch.examples())
        .as("masked, with the row's country")
        .containsExactlyInAnyOrder("+** * ** ** ** 78 (cc US)", "+* *** *** **71 (cc FR)");
    assertThat(mismatch.suggestedRule())
        .isEqualTo(
            "{ type = \"normalize-phone\", column = \"phone\", region-column = \"cc\", on-country-mismatch = \"quarantine\", on-fail = \"quarantine\" }");
  }

  @Test
  void aNumberOnManyRowsCountsOnEachOfThemRunAfterRun() {
    // Readings of numbers seen more than once are kept per JVM: counts may not depend on it.
    List<Row> rows = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      String phone =
          i <= 40 ? "+33 6 12 34 56 78" : i == 41 ? "+33 7 81 23 45 67" : "06 12 34 56 78";
      String cc = i <= 41 ? "US" : i <= 71 ? "GB" : "FR";
      rows.add(RowFactory.create(i, phone, cc));
    }
    Dataset<Row> data = spark.createDataFrame(rows, CONTACTS);
    ColumnPlan phone =
        new ColumnPlan("phone", DataTypes.StringType, SemanticType.PHONE, true, AUDIT);
    PhoneCountryAudit check = new PhoneCountryAudit("contacts", data, "true");

    for (int run = 1; run <= 2; run++) {
      assertThat(check.of(phone, "cc"))
          .as(
              "run %d: 40 + 1 French mobiles on US rows, 30 French national numbers on GB rows",
              run)
          .extracting(f -> f.type() + " " + f.evidence().get("rows"))
          .containsExactly("phone-country-mismatch 41", "phone-not-valid-for-country 30");
    }
  }

  @Test
  void theAuditFindsTheCountryColumnByItsValuesAndCountsPhonesNotValidThere() throws IOException {
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("phone", DataTypes.StringType)
            .add("land", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (long i = 1; i <= 20; i++) {
      String phone =
          i == 3
              ? "+44 7400 123456"
              : i == 4
                  ? "0612345678"
                  : i == 5
                      ? "call me maybe"
                      : i % 2 == 0 ? "06 12 34 56 " + (10 + i) : "(415) 555-" + (2600 + i);
      String land = i == 4 ? "GBR" : i % 2 == 0 ? "FRA" : "USA";
      rows.add(RowFactory.create(i, phone, land));
    }
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve("contacts").toString());

    AuditResult result = audit("contacts { format = parquet, path = contacts, key = [id] }");

    assertThat(of(result, "phone", "phone-country-mismatch"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .as("a British mobile on a US row")
                    .containsEntry("rows", 1L)
                    .containsEntry("country_column", "land"));
    assertThat(of(result, "phone", "phone-not-valid-for-country"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .as("a French national number on a British row")
                    .containsEntry("rows", 1L));
    assertThat(of(result, "phone", "invalid-phone"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.suggestedRule())
                    .as("read with the row's country")
                    .isEqualTo(
                        "{ type = \"normalize-phone\", column = \"phone\", region-column = \"land\", on-country-mismatch = \"quarantine\", on-fail = \"quarantine\" }"));
  }

  @Test
  void mojibakeOfAnyLeadByteIsFoundAndC1ControlsCountAsControlCharacters() throws IOException {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("city", DataTypes.StringType);
    String[] cities = {
      "Wroc\u00C5\u0082aw",
      "\u00C5\u0081\u00C3\u00B3d\u00C5\u00BA",
      "it\u00E2\u20AC\u2122s",
      "Z\u00C3\u00BCrich",
      "\u00C5sa",
      "S\u00E3o Paulo",
      "\u00D0or\u0111e",
      "Wroc\u0142aw",
      "Tab\u0085le",
      "Bell\u0007"
    };
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create((long) i, cities[i % cities.length]));
    }
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve("contacts").toString());

    AuditResult result = audit("contacts { format = parquet, path = contacts, key = [id] }");

    assertThat(of(result, "city", "mojibake"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .as(
                        "Wrocław, Łódź, it’s and Zürich garbled, 4 times each; Åsa, São Paulo, Đorđe and Wrocław are right")
                    .containsEntry("rows", 16L));
    assertThat(of(result, "city", "control-characters"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .as(
                        "a C1 and a C0 control, 4 times each; the C1 bytes inside mojibake are not counted again")
                    .containsEntry("rows", 8L));
  }

  @Test
  void aColumnIsTakenForCountriesByNameOrByCodes() {
    List<ColumnPlan> plans =
        List.of(
            new ColumnPlan("city", DataTypes.StringType, SemanticType.NONE, false, AUDIT),
            new ColumnPlan("country_code", DataTypes.StringType, SemanticType.NONE, false, AUDIT));

    assertThat(PhoneCountryAudit.countryColumn(plans, ValueCounts.none(), Set.of()))
        .as("by name, values not counted")
        .contains("country_code");
    assertThat(PhoneCountryAudit.countryColumn(plans.subList(0, 1), ValueCounts.none(), Set.of()))
        .as("no name, no counted values")
        .isEmpty();
  }
}
