package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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
 * Planted defects in tiny inline datasets, one detector at a time, and the errors a user gets for
 * bad input.
 */
@ExtendWith(SparkExtension.class)
class AuditJobTest {
  private static final Instant NOW = AuditSpecs.NOW;

  private final SparkSession spark;
  @TempDir Path dir;

  AuditJobTest(SparkSession spark) {
    this.spark = spark;
  }

  private MigrationSpec spec(String sources, String audit) throws IOException {
    return AuditSpecs.spec(dir, sources, audit);
  }

  private AuditResult audit(MigrationSpec spec) {
    return AuditSpecs.audit(spark, spec);
  }

  private static Finding only(AuditResult result, String column, String type) {
    List<Finding> found =
        result.findings().stream()
            .filter(f -> f.column().equals(column) && f.type().equals(type))
            .toList();
    assertThat(found).as(type + " on " + column + " in " + result.findings()).hasSize(1);
    return found.get(0);
  }

  private static long rows(Finding f) {
    return ((Number) f.evidence().get("rows")).longValue();
  }

  @Test
  void countsAPhonesDigitsWhateverSeparatesThem() {
    // 7 and 15 digits are valid, 6 and 16 are not, separators and a leading + do not count.
    List<Row> rows = new ArrayList<>();
    List.of(
            "123-4567",
            "+1 (234) 567.8901",
            "123456789012345",
            "12-34-56",
            "1234567890123456",
            "+33 6 12 34 56 78")
        .forEach(v -> rows.add(RowFactory.create(v)));
    Predicates phone = new Predicates("phone", java.util.Set.of());
    List<Boolean> valid =
        spark
            .createDataFrame(rows, new StructType().add("phone", DataTypes.StringType))
            .selectExpr(phone.validPhone())
            .collectAsList()
            .stream()
            .map(r -> r.getBoolean(0))
            .toList();
    assertThat(valid)
        .as("valid phone, value by value")
        .containsExactly(true, true, true, false, false, true);
  }

  @Test
  void aDatabaseSourceIsQueriedOnceForTheWholeAudit() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:5432/test";
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS cutover_audit_reads");
      s.execute("CREATE TABLE cutover_audit_reads (id int, email text, country text)");
      s.execute(
          "INSERT INTO cutover_audit_reads SELECT i, 'user' || i || '@example.com', CASE WHEN i % 2 = 0 THEN 'FR' ELSE 'US' END "
              + "FROM generate_series(1, 300) i");
      s.execute("INSERT INTO cutover_audit_reads VALUES (1, 'dup@example.com', 'FR')");
    }
    long before = sequentialScans(url);
    MigrationSpec spec =
        spec(
            """
                readers {
                  format = jdbc
                  options { url = "%s", dbtable = cutover_audit_reads, user = postgres }
                  key = [id]
                }"""
                .formatted(url),
            "");

    AuditResult result = audit(spec);

    assertThat(rows(only(result, "id", "duplicate-key")))
        .as("the audit ran all its passes")
        .isEqualTo(2);
    // PostgreSQL counts a table's sequential scans once the reading session has ended: wait for the
    // count to settle.
    long after = before;
    for (int i = 0; i < 50 && after == before; i++) {
      Thread.sleep(100);
      after = sequentialScans(url);
    }
    Thread.sleep(500);
    assertThat(sequentialScans(url) - before)
        .as("full reads of the table for the whole audit")
        .isEqualTo(1);
  }

  private static long sequentialScans(String url) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r =
            s.executeQuery(
                "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'cutover_audit_reads'")) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  @Test
  void rareVariantsOfAFewCommonCodesAreReportedAsTyposButALongTailIsNot() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) {
      // Codes: FR and US, plus three typos on four rows. Cities: a long tail (Nice on 0.3%), no gap
      // to call.
      String country =
          i <= 1200 ? "FR" : i <= 1996 ? "US" : i <= 1997 ? "FRR" : i <= 1999 ? "UX" : "FT";
      String city =
          i <= 1000
              ? "Paris"
              : i <= 1990 ? "Lyon" : i <= 1996 ? "Nice" : i <= 1998 ? "Metz" : "Brest";
      rows.add(RowFactory.create((long) i, country, city));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("country", DataTypes.StringType)
            .add("city", DataTypes.StringType);
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve("codes").toString());

    AuditResult result = audit(spec("codes { format = parquet, path = codes, key = [id] }", ""));

    Finding typos = only(result, "country", "categorical-typos");
    assertThat(rows(typos)).as("rows of FRR, UX and FT").isEqualTo(4);
    assertThat(typos.evidence()).containsEntry("real_values", 2L).containsEntry("variants", 3L);
    assertThat(typos.examples()).containsExactlyInAnyOrder("FRR", "UX", "UX");
    assertThat(typos.suggestedRule())
        .isEqualTo(
            "{ type = \"map\", column = \"country\", values = {\"FRR\":\"FR\",\"FT\":\"FR\",\"UX\":\"US\"}, unmapped = \"keep\" }");
    assertThat(result.findings())
        .as("the cities are a long tail, not typos of one another: " + result.findings())
        .hasSize(1);
  }

  @Test
  void aLastUpdatedColumnWithOneTimestampOrWithoutValuesIsReportedButNotAsAZombie()
      throws IOException {
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("name", DataTypes.StringType)
            .add("changed", DataTypes.TimestampType);
    java.sql.Timestamp load = java.sql.Timestamp.from(Instant.parse("2022-02-15T09:57:20Z"));
    List<Row> loaded = new ArrayList<>();
    List<Row> patchy = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      loaded.add(RowFactory.create((long) i, "name" + i, load));
      // Six rows without a timestamp (every 29th); the others each one of their own.
      patchy.add(
          RowFactory.create(
              (long) i,
              "name" + i,
              i % 29 == 0 ? null : java.sql.Timestamp.from(NOW.minusSeconds(3600L * i))));
    }
    spark.createDataFrame(loaded, schema).write().parquet(dir.resolve("loaded").toString());
    spark.createDataFrame(patchy, schema).write().parquet(dir.resolve("patchy").toString());

    AuditResult result =
        audit(
            spec(
                """
                loaded { format = parquet, path = loaded, key = [id], last-updated = changed }
                patchy { format = parquet, path = patchy, key = [id], last-updated = changed }""",
                ""));

    Finding constant =
        result.findings().stream()
            .filter(f -> f.dataset().equals("loaded"))
            .findFirst()
            .orElseThrow();
    assertThat(constant.type()).isEqualTo("last-updated-constant");
    assertThat(constant.severity()).isEqualTo(Severity.INFO);
    assertThat(constant.message())
        .contains("2022-02-15")
        .contains("all 200 rows")
        .contains("sources.loaded.last-updated");
    Finding missing =
        result.findings().stream()
            .filter(f -> f.dataset().equals("patchy"))
            .findFirst()
            .orElseThrow();
    assertThat(missing.type()).isEqualTo("last-updated-missing");
    assertThat(rows(missing)).as("rows without a timestamp").isEqualTo(6);
    assertThat(result.findings())
        .as("one finding per table, neither a zombie: " + result.findings())
        .hasSize(2);
  }

  @Test
  void compactDatesAreRecognisedAndTheImpossibleOnesReportedWhileEightDigitIdsStayNumbers()
      throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String born =
          i == 5
              ? "19510231"
              : i == 6
                  ? "19621365"
                  : String.format("19%02d%02d%02d", 20 + i % 70, 1 + i % 12, 1 + i % 28);
      rows.add(RowFactory.create((long) i, born, String.valueOf(40_000_000L + i * 7919L)));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("born", DataTypes.StringType)
            .add("account", DataTypes.StringType);
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve("people").toString());

    AuditResult result = audit(spec("people { format = parquet, path = people, key = [id] }", ""));

    assertThat(rows(only(result, "born", "invalid-date")))
        .as("31 February and month 13")
        .isEqualTo(2);
    Map<String, String> types = new java.util.HashMap<>();
    result.datasets().get(0).columns().forEach(c -> types.put(c.name(), c.semanticType()));
    assertThat(types)
        .as("semantic types")
        .containsEntry("born", "date")
        .containsEntry("account", "number-text");
    assertThat(result.findings()).as("nothing else: " + result.findings()).hasSize(1);
  }

  @Test
  void findsCorruptionInACsvAndCountsItsBrokenLinesWithoutDroppingThem() throws IOException {
    List<String> lines = new ArrayList<>(List.of("id,phone,visits,code,joined,comment"));
    for (int i = 1; i <= 200; i++) {
      String phone =
          i == 7
              ? "call me maybe"
              : "+33 6 12 34 " + String.format("%02d %02d", i % 100, (i * 7) % 100);
      String visits = i == 9 ? "many" : String.valueOf(i);
      String code = i <= 10 ? " padded " : "C" + (i % 5);
      String joined = i == 11 ? "2031-01-01" : "2019-03-" + String.format("%02d", 1 + i % 28);
      String comment = i == 13 ? "bell\u0007here" : (i == 14 ? "Ok" : "fine");
      lines.add(String.join(",", String.valueOf(i), phone, visits, code, joined, comment));
    }
    lines.add("201,\"unterminated,too,many,columns,here,and,more");
    lines.add("202,only-two");
    Files.write(dir.resolve("people.csv"), lines);
    MigrationSpec spec =
        spec(
            "people { format = csv, path = people.csv, options { header = true }, key = [id], pii = [phone] }",
            "");

    AuditResult result = audit(spec);

    DatasetProfile people = result.datasets().get(0);
    assertThat(people.rows()).as("broken lines are rows too, never dropped").isEqualTo(202);
    assertThat(people.unparseableRows()).isEqualTo(2);
    assertThat(rows(only(result, "_corrupt_record", "unparseable-lines"))).isEqualTo(2);
    Finding phone = only(result, "phone", "invalid-phone");
    assertThat(rows(phone)).isEqualTo(1);
    assertThat(phone.examples()).as("masked: personal data").containsExactly("c***");
    Finding visits = only(result, "visits", "wrong-type");
    assertThat(visits.examples()).containsExactly("many");
    assertThat(rows(only(result, "code", "padded"))).isEqualTo(10);
    assertThat(rows(only(result, "joined", "out-of-range")))
        .as("a date in the future")
        .isEqualTo(1);
    assertThat(rows(only(result, "comment", "control-characters"))).isEqualTo(1);
  }

  @Test
  void findsNearEmptyAndOutOfBoundsColumnsAndACandidateReference() throws IOException {
    StructType people =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("nickname", DataTypes.StringType)
            .add("score", DataTypes.DoubleType)
            .add("seen", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    for (long i = 1; i <= 300; i++) {
      rows.add(
          RowFactory.create(
              i,
              i == 1 ? "Bo" : null,
              i == 2 ? 1e9 : (double) i,
              Timestamp.from(
                  i == 3 ? Instant.parse("1850-01-01T00:00:00Z") : NOW.minusSeconds(i * 3600))));
    }
    spark.createDataFrame(rows, people).write().parquet(dir.resolve("members").toString());
    StructType visits =
        new StructType().add("visit_id", DataTypes.LongType).add("member_id", DataTypes.LongType);
    List<Row> v = new ArrayList<>();
    for (long i = 1; i <= 100; i++) {
      v.add(RowFactory.create(i, i % 300 + 1));
    }
    spark.createDataFrame(v, visits).write().parquet(dir.resolve("visits").toString());
    MigrationSpec spec =
        spec(
            "members { format = parquet, path = members, key = [id] }\nvisits { format = parquet, path = visits, key = [visit_id] }",
            "bounds { score { min = 0, max = 1000 } }");

    AuditResult result = audit(spec);

    assertThat(only(result, "nickname", "near-empty").evidence()).containsEntry("meaningful", 1L);
    assertThat(rows(only(result, "score", "out-of-range"))).isEqualTo(1);
    assertThat(rows(only(result, "seen", "out-of-range"))).as("before 1900").isEqualTo(1);
    Finding candidate = only(result, "member_id", "candidate-reference");
    assertThat(candidate.severity()).isEqualTo(Severity.INFO);
    assertThat(candidate.message()).contains("members.id", "100.0% of its 100 distinct values");
  }

  @Test
  void garbledEmailsCountAsInvalidWhileFreeTextGetsTheMojibakeCheckAndDuplicateKeysTheirExamples()
      throws IOException {
    StructType people =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("email", DataTypes.StringType)
            .add("city", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (long i = 1; i <= 300; i++) {
      String email =
          i == 5
              ? "jos\u00c3\u00a9@example.com"
              : i == 6 ? "bob\u0001@example.com" : "user" + i + "@example.com";
      String city = i == 7 ? "Malm\u00c3\u00b6" : i % 2 == 0 ? "Malm\u00f6" : "Z\u00fcrich";
      rows.add(RowFactory.create(i <= 4 ? 1L : i, email, city));
    }
    spark.createDataFrame(rows, people).write().parquet(dir.resolve("people").toString());

    AuditResult result = audit(spec("people { format = parquet, path = people, key = [id] }", ""));

    assertThat(rows(only(result, "email", "invalid-email")))
        .as("the garbled and the control character, both invalid emails")
        .isEqualTo(2);
    assertThat(result.findings())
        .as("not counted twice")
        .noneMatch(
            f ->
                f.column().equals("email")
                    && f.category() == Category.CORRUPT
                    && !f.type().equals("invalid-email"));
    Finding mojibake = only(result, "city", "mojibake");
    assertThat(rows(mojibake))
        .as("Malmö read as Latin-1; the correct accents are not mojibake")
        .isEqualTo(1);
    Finding duplicates = only(result, "id", "duplicate-key");
    assertThat(duplicates.evidence()).containsEntry("keys", 1L).containsEntry("rows", 4L);
    assertThat(duplicates.examples()).containsExactly("1");
  }

  @Test
  void aMissingSourceIsNamedWithWhatToDo() throws IOException {
    MigrationSpec spec = spec("people { format = parquet, path = nowhere, key = [id] }", "");
    assertThatThrownBy(() -> audit(spec))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cannot read source 'people' (parquet at " + dir.resolve("nowhere"))
        .hasMessageContaining("Check the source's path in the spec");
  }

  @Test
  void anUnknownDatasetIsBadInput() throws IOException {
    MigrationSpec spec = spec("people { format = parquet, path = nowhere, key = [id] }", "");
    assertThatThrownBy(
            () ->
                new AuditJob(
                        spark, spec, new AuditOptions(List.of("peeple"), "t", NOW), Progress.SILENT)
                    .run())
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("No source 'peeple'")
        .hasMessageContaining("declared are: people");
  }
}
