package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.testing.Febrl;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on real person records with known duplicates: Febrl's dataset2 (5,000 synthetic
 * records, 1,000 of them corrupted duplicates; the truth is in rec_id, rec-N-org and rec-N-dup-k
 * being the same person) loaded from {@code ../shared/datasets/febrl} into MariaDB and merged with
 * {@code rules/febrl.conf} over JDBC: audited by the real launcher (MariaDB's driver must be in the
 * cluster jar), staged and reconciled through the same command line in this JVM. What each step
 * must report is worked out here from the CSV itself with plain Java, the rules' order included:
 * the state code table quarantines typos first, then invalid dates of birth; the rest merge by
 * social security id into the most complete record, and every merge must join two records of the
 * same person.
 */
@Tag("slow")
@ExtendWith(SparkExtension.class)
class FebrlIT {
  private static final Path CSV = Febrl.csv("dataset2");
  private static final String DATABASE = "cutover_febrl_it";
  private static final String URL = "jdbc:mariadb://127.0.0.1:3306/" + DATABASE;

  @TempDir static Path work;
  private static List<Map<String, String>> people;

  @BeforeAll
  static void loadIntoMariaDb() throws Exception {
    if (!Files.isRegularFile(CSV)) {
      fail(
          "The Febrl data is missing: expected "
              + CSV
              + " (the shared datasets folder beside the repository, as on CI)");
    }
    people = read(CSV);
    assertThat(people).as("records in dataset2").hasSize(5000);
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE);
      s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
      s.execute(
          "CREATE TABLE "
              + DATABASE
              + ".people ("
              + Febrl.COLUMNS.stream()
                  .map(col -> col + " VARCHAR(64)")
                  .collect(Collectors.joining(", "))
              + ", PRIMARY KEY (rec_id))");
    }
    try (Connection c = DriverManager.getConnection(URL, "root", "");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO people VALUES (" + "?, ".repeat(Febrl.COLUMNS.size() - 1) + "?)")) {
      c.setAutoCommit(false);
      for (Map<String, String> person : people) {
        for (int i = 0; i < Febrl.COLUMNS.size(); i++) {
          insert.setString(i + 1, person.get(Febrl.COLUMNS.get(i)));
        }
        insert.addBatch();
      }
      insert.executeBatch();
      c.commit();
    }
  }

  /**
   * Febrl's CSV: a header, values after ", ", no quoting; an empty value is a missing one (NULL in
   * the table).
   */
  private static List<Map<String, String>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0).split(",\\s*")).containsExactlyElementsOf(Febrl.COLUMNS);
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split(",", -1);
      assertThat(values).as("fields of " + line).hasSize(Febrl.COLUMNS.size());
      Map<String, String> person = new HashMap<>();
      for (int i = 0; i < values.length; i++) {
        String v = values[i].strip();
        person.put(Febrl.COLUMNS.get(i), v.isEmpty() ? null : v);
      }
      out.add(person);
    }
    return out;
  }

  private static boolean validBirth(String value) {
    if (value == null) {
      return true;
    }
    try {
      LocalDate.parse(value, Febrl.BIRTH);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String person(String recId) {
    return recId.split("-")[1];
  }

  private static long filled(Map<String, String> person) {
    return Febrl.COLUMNS.stream().filter(c -> person.get(c) != null).count();
  }

  private static Launcher.Run launch(String... args) throws IOException, InterruptedException {
    return Launcher.launch(Map.of("FEBRL_URL", URL), command(args));
  }

  /** The command line in this JVM, with the same spec, work dir and database. */
  private static Launcher.Run inProcess(String... args) {
    return Launcher.inProcess(Map.of("FEBRL_URL", URL), command(args));
  }

  private static List<String> command(String... args) {
    return Launcher.withSpec("rules/febrl.conf", work.resolve("work"), args);
  }

  @Test
  void duplicatesAreFoundAndMergedIntoTheMostCompleteRecordOfTheSamePerson(SparkSession spark)
      throws Exception {
    Map<String, List<Map<String, String>>> bySsn =
        people.stream().collect(Collectors.groupingBy(p -> p.get("soc_sec_id")));
    long duplicatedIds = bySsn.values().stream().filter(g -> g.size() > 1).count();
    long rowsWithThem =
        bySsn.values().stream().filter(g -> g.size() > 1).mapToLong(List::size).sum();
    long badState =
        people.stream()
            .filter(p -> p.get("state") != null && !Febrl.STATES.contains(p.get("state")))
            .count();
    long badBirth =
        people.stream()
            .filter(p -> p.get("state") == null || Febrl.STATES.contains(p.get("state")))
            .filter(p -> !validBirth(p.get("date_of_birth")))
            .count();
    List<Map<String, String>> remaining =
        people.stream()
            .filter(p -> p.get("state") == null || Febrl.STATES.contains(p.get("state")))
            .filter(p -> validBirth(p.get("date_of_birth")))
            .toList();
    Map<String, List<Map<String, String>>> survivors =
        remaining.stream().collect(Collectors.groupingBy(p -> p.get("soc_sec_id")));
    long merged = remaining.size() - survivors.size();
    assertThat(badState).as("state typos in the file").isPositive();
    assertThat(badBirth).as("impossible dates of birth in the file").isPositive();

    Launcher.Run audit = launch("audit");
    assertThat(audit.code()).as(audit.both()).isZero();
    Path audits = work.resolve("work/reports/audit");
    JsonNode report =
        new ObjectMapper()
            .readTree(
                audits
                    .resolve(Files.readString(audits.resolve("LATEST")).trim())
                    .resolve("report.json")
                    .toFile());
    JsonNode duplicates = null;
    for (JsonNode f : report.get("findings")) {
      if (f.get("type").asText().equals("duplicate-key")) {
        duplicates = f;
      }
    }
    assertThat(duplicates).as("a duplicate-key finding in " + report.get("findings")).isNotNull();
    assertThat(duplicates.get("evidence").get("keys").asLong())
        .as("social security ids held by more than one record")
        .isEqualTo(duplicatedIds);
    assertThat(duplicates.get("evidence").get("rows").asLong())
        .as("records holding them")
        .isEqualTo(rowsWithThem);
    assertThat(duplicates.get("examples").toString())
        .as("the ids are personal: masked")
        .doesNotMatch(".*\\d{7}.*");
    JsonNode births = null;
    for (JsonNode f : report.get("findings")) {
      if (f.get("column").asText().equals("date_of_birth")
          && f.get("type").asText().equals("invalid-date")) {
        births = f;
      }
    }
    assertThat(births)
        .as("impossible compact (yyyyMMdd) dates of birth found: " + report.get("findings"))
        .isNotNull();
    assertThat(births.get("evidence").get("rows").asLong())
        .isEqualTo(people.stream().filter(p -> !validBirth(p.get("date_of_birth"))).count());
    JsonNode states = null;
    for (JsonNode f : report.get("findings")) {
      if (f.get("column").asText().equals("state")
          && f.get("type").asText().equals("categorical-typos")) {
        states = f;
      }
    }
    assertThat(states)
        .as("state typos ('qdl', 'vkc') found: " + report.get("findings"))
        .isNotNull();
    Map<String, Long> byState =
        people.stream()
            .filter(p -> p.get("state") != null)
            .collect(Collectors.groupingBy(p -> p.get("state"), Collectors.counting()));
    List<String> variants = new ArrayList<>();
    states.get("evidence").get("map").fieldNames().forEachRemaining(variants::add);
    assertThat(variants)
        .as("every variant is a value outside the eight states")
        .noneMatch(Febrl.STATES::contains);
    states
        .get("evidence")
        .get("map")
        .forEach(v -> assertThat(Febrl.STATES).as("variants map to a state").contains(v.asText()));
    long variantRows = variants.stream().mapToLong(byState::get).sum();
    assertThat(states.get("evidence").get("rows").asLong())
        .as("rows of the variants, counted in the file")
        .isEqualTo(variantRows);
    assertThat(variantRows)
        .as("nearly all rows outside the states")
        .isGreaterThanOrEqualTo(Math.round(0.9 * badState));
    assertThat(states.get("suggestedRule").asText()).contains("\"qdl\":\"qld\"");

    Launcher.Run stage = inProcess("stage", "--cohort", "all");
    assertThat(stage.code()).as(stage.both()).isZero();
    assertThat(stage.out())
        .contains(
            "5000 = "
                + survivors.size()
                + " + "
                + (badState + badBirth)
                + " + 0 + "
                + merged
                + " holds");

    Launcher.Run reconcile = inProcess("reconcile", "--cohort", "all");
    assertThat(reconcile.code()).as(reconcile.both()).isZero();
    assertThat(reconcile.out()).contains("10 cohorts checked: 10 PASS, 0 WARN, 0 FAIL");

    Map<String, Row> staged = new HashMap<>();
    spark
        .read()
        .format("delta")
        .load(work.resolve("work/staged/people").toString())
        .collectAsList()
        .forEach(r -> staged.put(r.getAs("soc_sec_id"), r));
    assertThat(staged.keySet())
        .as("one staged record per social security id")
        .isEqualTo(survivors.keySet());
    Map<String, Map<String, String>> byRecId =
        people.stream().collect(Collectors.toMap(p -> p.get("rec_id"), p -> p));
    staged.forEach(
        (ssn, row) -> {
          String recId = row.getAs("legacy_rec_id");
          long best = survivors.get(ssn).stream().mapToLong(FebrlIT::filled).max().orElseThrow();
          assertThat(filled(byRecId.get(recId)))
              .as("the survivor of %s (%s) is a most complete record", ssn, recId)
              .isEqualTo(best);
        });
    // Febrl's truth: rec-N-org and rec-N-dup-k are one person. Merging by social security id
    // leaves apart the duplicates whose id was corrupted: one staged record per id group, and each
    // group holds one person (asserted below), so a person stays split across as many records as
    // it has id groups.
    Map<String, Long> groupsPerPerson =
        survivors.values().stream()
            .collect(
                Collectors.groupingBy(g -> person(g.get(0).get("rec_id")), Collectors.counting()));
    long expectedUnmerged = groupsPerPerson.values().stream().mapToLong(n -> n - 1).sum();
    Map<String, Long> stagedPerPerson =
        staged.values().stream()
            .collect(
                Collectors.groupingBy(
                    r -> person(r.<String>getAs("legacy_rec_id")), Collectors.counting()));
    long unmerged = stagedPerPerson.values().stream().mapToLong(n -> n - 1).sum();
    long trueDuplicates = people.stream().filter(p -> p.get("rec_id").contains("-dup-")).count();
    System.out.println(
        "Febrl dataset2: "
            + trueDuplicates
            + " duplicate records; "
            + merged
            + " merged by soc_sec_id; "
            + unmerged
            + " staged records are still a duplicate of another staged record");
    assertThat(unmerged)
        .as("true duplicates left unmerged (the same person under another id)")
        .isEqualTo(expectedUnmerged)
        .isPositive();
    List<Row> mergedRows =
        spark
            .read()
            .format("delta")
            .load(work.resolve("work/staged/_exclusions").toString())
            .filter("kind = 'merged'")
            .selectExpr("get_json_object(raw, '$.rec_id')", "get_json_object(raw, '$.soc_sec_id')")
            .collectAsList();
    assertThat(mergedRows).hasSize((int) merged);
    for (Row m : mergedRows) {
      String survivor = staged.get(m.getString(1)).getAs("legacy_rec_id");
      assertThat(person(m.getString(0)))
          .as("%s merged into %s: the same person by Febrl's truth", m.getString(0), survivor)
          .isEqualTo(person(survivor));
    }
  }
}
