package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance on a real legacy database: pagila (PostgreSQL's port of the sakila sample) loaded from
 * {@code ../shared/datasets/pagila} into a database of its own, audited over JDBC by the real
 * launcher (the JDBC driver must be in the cluster jar) with {@code rules/pagila.conf}, then staged
 * and reconciled through the same command line in this JVM (a launch each would add a cold JVM and
 * prove nothing more about the launcher). The expected findings are facts of the dump (checked with
 * SQL in the test, not copied from it): activebool and create_date hold one value, address2 holds
 * only blanks; the references are clean until the test plants an orphan payment and a reused
 * payment id in the one partition that has no foreign key.
 */
@Tag("slow")
@ExtendWith(SparkExtension.class)
class PagilaIT {
  private static final Path DUMP = Launcher.ROOT.resolve("../shared/datasets/pagila").normalize();
  private static final String DATABASE = "cutover_pagila_it";
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String URL = SERVER + DATABASE;

  @TempDir static Path work;

  @BeforeAll
  static void loadPagila() throws Exception {
    if (!Files.isRegularFile(DUMP.resolve("pagila-schema.sql"))
        || !Files.isRegularFile(DUMP.resolve("pagila-data.sql"))) {
      fail(
          "The pagila dump is missing: expected pagila-schema.sql and pagila-data.sql in "
              + DUMP
              + " (the shared datasets folder beside the repository, as on CI)");
    }
    sql(
        SERVER + "postgres",
        "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)",
        "CREATE DATABASE " + DATABASE);
    for (String file : List.of("pagila-schema.sql", "pagila-data.sql")) {
      Process psql =
          new ProcessBuilder(
                  "psql",
                  "-h",
                  "127.0.0.1",
                  "-U",
                  "postgres",
                  "-d",
                  DATABASE,
                  "-q",
                  "-v",
                  "ON_ERROR_STOP=1",
                  "-f",
                  DUMP.resolve(file).toString())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve(file + ".log").toFile())
              .start();
      assertThat(psql.waitFor(2, TimeUnit.MINUTES)).as("psql loaded " + file + " in time").isTrue();
      assertThat(psql.exitValue())
          .as("psql -f " + file + ": " + Files.readString(work.resolve(file + ".log")))
          .isZero();
    }
  }

  private static void sql(String url, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static long number(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Launcher.Run launch(String... args) throws IOException, InterruptedException {
    return Launcher.launch(Map.of("PAGILA_URL", URL), command(args));
  }

  /** The command line in this JVM, with the same spec, work dir and database. */
  private static Launcher.Run inProcess(String... args) {
    return Launcher.inProcess(Map.of("PAGILA_URL", URL), command(args));
  }

  private static List<String> command(String... args) {
    return Launcher.withSpec("rules/pagila.conf", work.resolve("work"), args);
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** dataset.column -> finding type, for every finding of the report. */
  private static Map<String, String> findings(JsonNode report) {
    Map<String, String> out = new TreeMap<>();
    report
        .get("findings")
        .forEach(
            f ->
                out.merge(
                    f.get("dataset").asText() + "." + f.get("column").asText(),
                    f.get("type").asText(),
                    (a, b) -> a + "," + b));
    return out;
  }

  @Test
  void auditStageAndReconcileThePagilaCustomersOverJdbc(SparkSession spark) throws Exception {
    // Facts of the dump the findings below rest on.
    assertThat(number("SELECT count(DISTINCT activebool) FROM customer")).isEqualTo(1);
    assertThat(number("SELECT count(DISTINCT create_date) FROM customer")).isEqualTo(1);
    assertThat(
            number(
                "SELECT count(*) FROM address WHERE address2 IS NOT NULL AND trim(address2) <> ''"))
        .isZero();
    assertThat(
            number(
                "SELECT count(*) FROM payment p WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.customer_id = p.customer_id)"))
        .isZero();
    long inactive = number("SELECT count(*) FROM customer WHERE active = 0");
    assertThat(inactive).isEqualTo(15);
    // Planted where the legacy schema lets it through: payment_p2022_07 has no foreign key to
    // customer, and the
    // primary key is (payment_date, payment_id), so a payment id can come back in another month.
    sql(
        URL,
        "INSERT INTO payment (customer_id, staff_id, rental_id, amount, payment_date) VALUES (9999, 1, 1, 1.99, '2022-07-15 10:00:00+00')",
        "INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) SELECT payment_id, customer_id, staff_id, rental_id, "
            + "amount, '2022-07-20 10:00:00+00' FROM payment WHERE payment_id = (SELECT min(payment_id) FROM payment)");
    assertThat(
            number(
                "SELECT count(*) FROM (SELECT payment_id FROM payment GROUP BY payment_id HAVING count(*) > 1) d"))
        .as("one reused payment id")
        .isEqualTo(1);

    Launcher.Run audit = launch("audit");
    assertThat(audit.code()).as(audit.both()).isZero();
    Path audits = work.resolve("work/reports/audit");
    JsonNode report =
        json(
            audits
                .resolve(Files.readString(audits.resolve("LATEST")).trim())
                .resolve("report.json"));
    // Each expected finding, not the total: finding more real defects must not break this test.
    Map<String, String> found = findings(report);
    Map<String, String> expected =
        new TreeMap<>(
            Map.of(
                "customer.activebool", "constant",
                "customer.create_date", "constant",
                "customer.last_update", "last-updated-constant",
                "address.last_update", "last-updated-constant",
                "address.address2", "placeholder-only",
                "payment.customer_id", "orphan-foreign-key",
                "payment.payment_id", "duplicate-key"));
    expected.putAll(
        Map.of(
            "customer.active", "twin-columns-disagree",
            "payment.amount", "non-positive-amount",
            "customer.email", "constant-email-domain"));
    expected.forEach(
        (where, type) ->
            assertThat(found.getOrDefault(where, "")).as(where + " in " + found).contains(type));
    // Their numbers, each counted here with SQL.
    assertThat(evidence(report, "customer", "active", "twin-columns-disagree", "rows"))
        .isEqualTo(number("SELECT count(*) FROM customer WHERE (active = 1) <> activebool"));
    assertThat(evidence(report, "payment", "amount", "non-positive-amount", "rows"))
        .isEqualTo(number("SELECT count(*) FROM payment WHERE amount <= 0"));
    assertThat(evidence(report, "payment", "customer_id", "orphan-foreign-key", "rows"))
        .isEqualTo(
            number(
                "SELECT count(*) FROM payment p WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.customer_id = p.customer_id)"));
    assertThat(evidence(report, "payment", "payment_id", "duplicate-key", "rows"))
        .isEqualTo(
            number(
                "SELECT sum(n) FROM (SELECT count(*) n FROM payment GROUP BY payment_id HAVING count(*) > 1) d"));
    assertThat(evidence(report, "customer", "email", "constant-email-domain", "rows"))
        .isEqualTo(number("SELECT count(email) FROM customer"));
    assertThat(evidence(report, "address", "address2", "placeholder-only", "non_null"))
        .isEqualTo(number("SELECT count(address2) FROM address"));
    assertThat(evidence(report, "customer", "activebool", "constant", "non_null"))
        .isEqualTo(number("SELECT count(activebool) FROM customer"));
    JsonNode orphan = finding(report, "payment", "customer_id", "orphan-foreign-key");
    assertThat(orphan.get("examples").toString()).contains("9999");
    assertThat(audit.out()).doesNotContain("MARY.SMITH@sakilacustomer.org");

    Launcher.Run stage = inProcess("stage", "--cohort", "all");
    assertThat(stage.code()).as(stage.both()).isZero();
    assertThat(stage.out())
        .contains("599 = " + (599 - inactive) + " + 0 + " + inactive + " + 0 holds");

    // What was staged, read back and checked against the legacy rows with SQL: the active
    // customers, names in initial capitals, the same email (normalised) and creation date.
    Map<Integer, Row> staged = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(work.resolve("work/staged/customers").toString())
        .collectAsList()
        .forEach(r -> staged.put(r.<Integer>getAs("customer_id"), r));
    Map<Integer, String[]> legacy = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(URL, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT customer_id, initcap(first_name), initcap(last_name), email, create_date::text, address_id"
                    + " FROM customer WHERE active = 1")) {
      while (r.next()) {
        legacy.put(
            r.getInt(1),
            new String[] {
              r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)
            });
      }
    }
    assertThat(staged.keySet()).as("the active customers, staged").isEqualTo(legacy.keySet());
    legacy.forEach(
        (id, l) -> {
          Row r = staged.get(id);
          assertThat(r.<String>getAs("first_name")).as("first name of " + id).isEqualTo(l[0]);
          assertThat(r.<String>getAs("last_name")).as("last name of " + id).isEqualTo(l[1]);
          assertThat(r.<String>getAs("email")).as("email of " + id).isEqualToIgnoringCase(l[2]);
          assertThat(String.valueOf(r.<Object>getAs("created_on")))
              .as("created on, " + id)
              .isEqualTo(l[3]);
          assertThat(String.valueOf(r.<Object>getAs("address_id")))
              .as("address of " + id)
              .isEqualTo(l[4]);
          assertThat(r.<Boolean>getAs("active")).isTrue();
        });

    Launcher.Run clean = inProcess("reconcile", "--cohort", "all");
    assertThat(clean.code()).as(clean.both()).isZero();
    assertThat(clean.out()).contains("10 cohorts checked: 10 PASS, 0 WARN, 0 FAIL");

    // Customer 1 changes through the application (the trigger moves last_update): drift, a WARN.
    // Customer 2's name
    // changes behind the trigger's back, so nothing says it moved: the staged row is now wrong, a
    // FAIL.
    sql(
        URL,
        "UPDATE customer SET email = 'mary.smith@example.org' WHERE customer_id = 1",
        "ALTER TABLE customer DISABLE TRIGGER last_updated",
        "UPDATE customer SET last_name = 'JOHNSTON' WHERE customer_id = 2",
        "ALTER TABLE customer ENABLE TRIGGER last_updated");
    Launcher.Run changed = inProcess("reconcile", "--cohort", "all");
    assertThat(changed.code()).as("a FAIL exits 1: " + changed.both()).isEqualTo(1);
    Map<String, JsonNode> reports = latestReports(work.resolve("work/reports/reconcile"));
    assertThat(reports).hasSize(10);
    List<String> failed =
        reports.entrySet().stream()
            .filter(e -> e.getValue().get("verdict").asText().equals("FAIL"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(failed).as("only customer 2's cohort fails").hasSize(1);
    JsonNode rows = check(reports.get(failed.get(0)), "rows");
    assertThat(rows.get("numbers").get("changed").asLong()).isEqualTo(1);
    assertThat(rows.get("message").asText()).contains("last_name");
    assertThat(rows.get("examples").toString()).contains("2");
    List<String> drifted =
        reports.entrySet().stream()
            .filter(e -> check(e.getValue(), "drift").get("numbers").get("drift_rows").asLong() > 0)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(drifted).as("only customer 1's cohort drifted").hasSize(1);
    JsonNode drift = check(reports.get(drifted.get(0)), "drift");
    assertThat(drift.get("verdict").asText()).isEqualTo("WARN");
    assertThat(drift.get("numbers").get("drift_rows").asLong()).isEqualTo(1);
    assertThat(drift.get("examples").toString()).isEqualTo("[\"1\"]");
    if (!drifted.equals(failed)) {
      assertThat(reports.get(drifted.get(0)).get("verdict").asText())
          .as("drift alone is no defect")
          .isEqualTo("WARN");
      assertThat(changed.out()).contains("8 PASS, 1 WARN, 1 FAIL");
    }
  }

  private static JsonNode finding(JsonNode report, String dataset, String column, String type) {
    List<JsonNode> found =
        StreamSupport.stream(report.get("findings").spliterator(), false)
            .filter(
                f ->
                    f.get("dataset").asText().equals(dataset)
                        && f.get("column").asText().equals(column)
                        && f.get("type").asText().equals(type))
            .toList();
    assertThat(found).as(type + " on " + dataset + "." + column).hasSize(1);
    return found.get(0);
  }

  private static long evidence(
      JsonNode report, String dataset, String column, String type, String number) {
    return finding(report, dataset, column, type).get("evidence").get(number).asLong();
  }

  /** Each cohort's newest reconcile.json. */
  private static Map<String, JsonNode> latestReports(Path reconciled) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    try (var cohorts = Files.list(reconciled)) {
      for (Path cohort :
          cohorts.filter(p -> p.getFileName().toString().matches("c\\d+")).toList()) {
        out.put(cohort.getFileName().toString(), latestReport(cohort));
      }
    }
    return out;
  }

  private static JsonNode latestReport(Path cohortFolder) throws IOException {
    try (var runs = Files.list(cohortFolder)) {
      Path latest =
          runs.filter(Files::isDirectory)
              .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
              .orElseThrow();
      return json(latest.resolve("reconcile.json"));
    }
  }

  private static JsonNode check(JsonNode report, String name) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("check").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no check '" + name + "' in " + report);
  }
}
