package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that cannot be read, or an output that cannot be written, through the command line
 * in-process: exit 3, the spec's file:line of the source and the cause, and no hint about the demo
 * for a spec that is not the demo's. The commands run on the suite's one Spark session (SparkRun
 * leaves a running session running).
 */
@ExtendWith(SparkExtension.class)
class SourceErrorsTest {
  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final Path DEMO_SPEC =
      Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf");

  @TempDir Path dir;

  SourceErrorsTest(SparkSession spark) {
    // Started before the commands run, so that they use it instead of starting and stopping their
    // own.
    assertThat(spark.sparkContext().isStopped()).isFalse();
  }

  private static Launcher.Run run(String... args) {
    return Launcher.inProcess(args);
  }

  /** A spec whose sources start on line 4, one per line, in the order given. */
  private Path spec(String... sources) throws IOException {
    Path file = dir.resolve("legacy.conf");
    Files.writeString(
        file,
        "name = legacy\nwork-dir = \""
            + dir
            + "\"\nsources {\n"
            + String.join("\n", sources)
            + "\n}\n"
            + "cohorts { source = people }\ntarget { table = people, path = staged }\n");
    return file;
  }

  private static final String MISSING_PARQUET =
      "  people { format = parquet, path = legacy/nowhere, key = [id] }";
  private static final String CLOSED_PORT =
      "  people { format = jdbc, options { url = \"jdbc:postgresql://127.0.0.1:1/legacy\", dbtable = people, user = cutover, password = s3cr3t-pw }, key = [id] }";
  private static final String NO_SUCH_TABLE =
      "  people { format = jdbc, options { url = \""
          + PG_URL
          + "\", dbtable = public.cutover_nope, user = postgres }, key = [id] }";

  @Test
  void auditOfAMissingParquetPathExits3NamingTheSpecLineAndTheCause() throws IOException {
    Path spec = spec(MISSING_PARQUET);

    Launcher.Run audit = run("audit", "--spec", spec.toString());

    assertThat(audit.code()).as(audit.err()).isEqualTo(3);
    assertThat(audit.err())
        .contains(
            spec
                + ":4: cannot read source 'people' (parquet at "
                + dir.resolve("legacy/nowhere")
                + ")")
        .contains("Path does not exist: file:" + dir.resolve("legacy/nowhere"))
        .doesNotContain("demo");
  }

  @Test
  void stageFromAClosedPortExits3WithConnectionRefusedAndNoPassword() throws IOException {
    Path spec = spec(CLOSED_PORT);

    Launcher.Run stage = run("stage", "--spec", spec.toString(), "--cohort", "c00", "--dry-run");

    assertThat(stage.code()).as(stage.err()).isEqualTo(3);
    assertThat(stage.err())
        .contains(
            spec + ":4: cannot read source 'people' (jdbc:postgresql://127.0.0.1:1/legacy, people)")
        .contains("Connection refused")
        .doesNotContain("s3cr3t-pw")
        .doesNotContain("demo");
  }

  @Test
  void auditOfATableThatDoesNotExistExits3WithThePostgresMessage() throws IOException {
    Path spec = spec(NO_SUCH_TABLE);

    Launcher.Run audit = run("audit", "--spec", spec.toString());

    assertThat(audit.code()).as(audit.err()).isEqualTo(3);
    assertThat(audit.err())
        .contains(spec + ":4: cannot read source 'people' (" + PG_URL + ", public.cutover_nope)")
        .contains("relation \"public.cutover_nope\" does not exist")
        .doesNotContain("demo");
  }

  @Test
  void validateSourcesListsEveryBadSourceAndExits3() throws IOException {
    Files.writeString(dir.resolve("people.csv"), "id,email,city\n1,ana@example.com,Oslo\n");
    Path spec =
        spec(
            "  people { format = csv, path = people.csv, options { header = true }, key = [id] }",
            MISSING_PARQUET.replace("people {", "orders {"),
            NO_SUCH_TABLE.replace("people {", "accounts {"));

    Launcher.Run validate = run("validate", "--spec", spec.toString(), "--sources");

    assertThat(validate.code()).as(validate.err()).isEqualTo(3);
    assertThat(validate.out())
        .contains(
            "source people       opened: 3 columns",
            "source orders       CANNOT BE OPENED",
            "source accounts     CANNOT BE OPENED");
    assertThat(validate.err())
        .contains(spec + ":5: cannot read source 'orders'", "Path does not exist")
        .contains(
            spec + ":6: cannot read source 'accounts'",
            "relation \"public.cutover_nope\" does not exist")
        .contains("2 of 3 sources have a problem")
        .doesNotContain("demo");
  }

  @Test
  void validateSourcesOfReadableSourcesExits0WithTheirColumnCounts() throws Exception {
    String schema = "cutover_validate_" + System.nanoTime();
    sql(
        "CREATE SCHEMA " + schema,
        "CREATE TABLE "
            + schema
            + ".accounts (id int primary key, owner text, opened date, balance numeric)",
        "INSERT INTO " + schema + ".accounts VALUES (1, 'Ana', '2020-01-01', 10.5)",
        "CREATE TABLE "
            + schema
            + ".cards (card_id int primary key, account_id int references "
            + schema
            + ".accounts)");
    try {
      Files.writeString(dir.resolve("people.csv"), "id,email,city\n1,ana@example.com,Oslo\n");
      Files.writeString(
          dir.resolve("events.json"),
          "{\"id\": 1, \"kind\": \"login\"}\n{\"id\": 2, \"at\": \"2020-01-01\"}\n");
      Path spec =
          spec(
              "  people { format = csv, path = people.csv, options { header = true }, key = [id] }",
              "  events { format = json, path = events.json, key = [id] }",
              "  accounts { format = jdbc, options { url = \""
                  + PG_URL
                  + "\", dbtable = "
                  + schema
                  + ".accounts, user = postgres }, key = [id] }",
              "  legacy { format = jdbc, options { url = \""
                  + PG_URL
                  + "\", user = postgres }, schema = "
                  + schema
                  + " }");

      Launcher.Run validate = run("validate", "--spec", spec.toString(), "--sources");

      assertThat(validate.code()).as(validate.err()).isZero();
      assertThat(validate.out())
          .contains(
              "source people       opened: 3 columns",
              "source events       opened: 3 columns",
              "source accounts     opened: 4 columns",
              "source cards        opened: 2 columns",
              "All 4 sources opened.");
      assertThat(validate.out())
          .as("the schema's accounts table is the spec's own block")
          .containsOnlyOnce("source accounts     opened");
      assertThat(validate.err()).isEmpty();
    } finally {
      sql("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void validateSourcesFindsARuleColumnThatDoesNotExistAndATargetListTheRulesDoNotProduce()
      throws IOException {
    Files.writeString(dir.resolve("people.csv"), "id,email,city\n1,ana@example.com,Oslo\n");
    Files.writeString(dir.resolve("orders.csv"), "order_id,person_id,amount\n7,1,10.50\n");
    Path spec = dir.resolve("rules.conf");
    Files.writeString(
        spec,
        String.join(
            "\n",
            "name = legacy",
            "work-dir = \"" + dir + "\"",
            "sources {",
            "  people { format = csv, path = people.csv, options { header = true }, key = [id] }",
            "  orders { format = csv, path = orders.csv, options { header = true }, key = [order_id],",
            "           references = [{ column = person_id, to = people }] }",
            "}",
            "cohorts { source = people }",
            "target { table = people, path = staged",
            "  tables.orders { columns { order_id { type = string }, amount { type = \"decimal(10,2)\" } } }",
            "}",
            "rules {",
            "  people = [",
            "    { type = trim, column = city }",
            "    { type = trim, column = emial }",
            "  ]",
            "  orders = [ { type = cast, column = amount, to = \"decimal(10,2)\" } ]",
            "}",
            ""));

    Launcher.Run validate = run("validate", "--spec", spec.toString(), "--sources");

    assertThat(validate.code()).as("a spec error, not an unreadable source").isEqualTo(2);
    assertThat(validate.out())
        .contains("source people       opened: 3 columns", "source orders       opened: 3 columns");
    assertThat(validate.err())
        .as("the second people rule, on line 15, names a column people does not have")
        .contains("rules.conf:15: rule 'trim:emial': column 'emial' does not exist")
        .contains("columns are: id, email, city");
    assertThat(validate.err())
        .as("orders keeps person_id, which target.tables.orders.columns does not declare")
        .containsPattern("rules\\.conf:\\d+: .*not declared: \\[person_id\\]")
        .contains("2 of 2 sources have a problem");
  }

  @Test
  void validateSourcesAcceptsRulesThatFitTheirSourcesColumns() throws IOException {
    Files.writeString(dir.resolve("people.csv"), "id,email,city\n1,ana@example.com,Oslo\n");
    Path spec =
        spec(
            "  people { format = csv, path = people.csv, options { header = true }, key = [id] }",
            "}",
            "rules { people = [ { type = trim, column = city } ]");

    Launcher.Run validate = run("validate", "--spec", spec.toString(), "--sources");

    assertThat(validate.code()).as(validate.err()).isZero();
    assertThat(validate.out())
        .contains("source people       rules and target columns fit its columns");
  }

  @Test
  void onlyTheDemosOwnSpecIsToldToRunTheDemo() {
    Launcher.Run validate =
        run(
            "validate",
            "--spec",
            DEMO_SPEC.toString(),
            "--work-dir",
            dir.resolve("empty").toString(),
            "--sources");

    assertThat(validate.code()).as(validate.err()).isEqualTo(3);
    assertThat(validate.err())
        .containsPattern("customers\\.conf:\\d+: cannot read source 'customers'")
        .contains("This is the demo's spec: 'cutover demo' generates its data.");
  }

  @Test
  void aDemoThatCannotWriteItsWorkDirExits3() throws IOException {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");

    Launcher.Run failed =
        run(
            "demo",
            "--spec",
            DEMO_SPEC.toString(),
            "--rows",
            "200",
            "--work-dir",
            file.resolve("work").toString());

    assertThat(failed.code()).as(failed.err()).isEqualTo(3);
    assertThat(failed.err()).contains("cutover demo");
    assertThat(file).as("the file in the way is left alone").hasContent("not a folder");
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
