package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process: parsing, help, spec errors and exit codes (no Spark is started
 * here).
 */
class MainTest {
  private static final Path DEMO_SPEC =
      Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf");

  @TempDir Path dir;

  private static Launcher.Run run(String... args) {
    return Launcher.inProcess(args);
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Launcher.Run help = run("--help");

    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains(
            "demo",
            "audit",
            "plan",
            "stage",
            "reconcile",
            "rollback",
            "status",
            "report",
            "validate")
        .contains(
            "Exit codes:", "1  a gate said FAIL", "2  bad usage or bad spec", "3  runtime failure");
  }

  @Test
  void everyCommandHasItsOwnHelp() {
    for (String command :
        new String[] {
          "demo", "audit", "plan", "stage", "reconcile", "rollback", "status", "report", "validate"
        }) {
      Launcher.Run help = run(command, "--help");
      assertThat(help.code()).as(command + " --help").isZero();
      assertThat(help.out()).as(command + " --help").contains("Usage: cutover " + command);
    }
  }

  @Test
  void reportWithNoReportYetSaysWhereItLookedAndExits2() {
    Launcher.Run none = run("report", "--spec", DEMO_SPEC.toString(), "--work-dir", dir.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .contains("no report under " + dir.resolve("reports"), "submit/cutover demo");
  }

  /** A spec's ${?VAR} reads the environment the command line is given, not only the process's. */
  @Test
  void theSpecReadsTheEnvironmentTheCommandLineIsGiven() throws IOException {
    Path spec = dir.resolve("customers.conf");
    Files.writeString(
        spec, Files.readString(DEMO_SPEC) + "\nwork-dir = ${?CUTOVER_MAIN_TEST_WORK}\n");
    Path given = dir.resolve("from-env");

    Launcher.Run run =
        Launcher.inProcess(
            java.util.Map.of("CUTOVER_MAIN_TEST_WORK", given.toString()),
            java.util.List.of("report", "--spec", spec.toString()));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no report under " + given.resolve("reports"));
  }

  /** The demo finds its default spec under the CUTOVER_HOME it is given. */
  @Test
  void theDemoReadsItsDefaultSpecFromTheEnvironmentItIsGiven() {
    Path home = dir.resolve("elsewhere");

    Launcher.Run run =
        Launcher.inProcess(
            java.util.Map.of("CUTOVER_HOME", home.toString()), java.util.List.of("demo"));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(home.resolve("rules").resolve("customers.conf").toString());
  }

  @Test
  void noCommandOrAnUnknownOneIsBadUsage() {
    Launcher.Run none = run();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("Missing a command");

    Launcher.Run unknown = run("stgae");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Unmatched argument at index 0: 'stgae'", "Did you mean: cutover stage");
  }

  @Test
  void plannedCommandsSayNotImplementedAndExit2() {
    Launcher.Run plan = run("plan", "--spec", DEMO_SPEC.toString());
    assertThat(plan.code()).isEqualTo(2);
    assertThat(plan.err()).contains("cutover plan: not implemented yet");
    assertThat(plan.out()).isEmpty();
  }

  @Test
  void validateSummarisesTheDemoSpec() {
    Launcher.Run ok = run("validate", "--spec", DEMO_SPEC.toString(), "--work-dir", "/tmp/w");

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("is valid: migration 'customers-demo', work-dir /tmp/w")
        .contains(
            "source customers",
            "/tmp/w/legacy/customers",
            "cohorts: 100 by hash of customers.[customer_id]",
            "c00 ... c99")
        .contains(
            "staged table: /tmp/w/staged/customers\n",
            "staged table: /tmp/w/staged/orders (orders.customer_id -> customers");
  }

  @Test
  void aSpecWithATypoExits2WithFileAndLine() throws IOException {
    Path typo = dir.resolve("typo.conf");
    Files.writeString(
        typo,
        Files.readString(DEMO_SPEC)
            .replace(
                "    format = parquet\n    path = \"legacy/orders\"",
                "    format = parquet\n    pth = \"legacy/orders\""));

    Launcher.Run bad = run("validate", "--spec", typo.toString());

    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .containsPattern(
            java.util.regex.Pattern.quote(typo.toString())
                + ":\\d+: sources.orders.pth: unknown key 'pth'; did you mean 'path'\\?")
        .contains("sources.orders.path: missing required key 'path'")
        .contains("nothing was read or written");
  }

  @Test
  void aMissingSpecOptionIsBadUsage() {
    Launcher.Run missing = run("validate");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--spec=FILE'");
  }

  @Test
  void validateNeverPrintsAPassword() throws IOException {
    String password = "pl4nted-S3cret-" + System.nanoTime();
    Path jdbc = dir.resolve("jdbc.conf");
    Files.writeString(
        jdbc,
        """
        name = legacy
        sources {
          accounts {
            format = jdbc
            options { url = "jdbc:postgresql://127.0.0.1:5432/test", dbtable = accounts, user = cutover, password = "%s" }
            key = [id]
          }
        }
        cohorts { source = accounts }
        target { table = accounts, path = staged }
        """
            .formatted(password));
    assertThat(Files.readString(jdbc)).as("the spec holds the password").contains(password);

    Launcher.Run ok = run("validate", "--spec", jdbc.toString());

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("jdbc:postgresql://127.0.0.1:5432/test accounts")
        .doesNotContain(password);
    assertThat(ok.err()).doesNotContain(password);

    // A spec error in the same source names the line, not the secret on it.
    Files.writeString(jdbc, Files.readString(jdbc).replace("key = [id]", "key = [id], kee = 1"));
    Launcher.Run bad = run("validate", "--spec", jdbc.toString());
    assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(2);
    assertThat(bad.err()).contains("kee").doesNotContain(password);
    assertThat(bad.out()).doesNotContain(password);
  }
}
