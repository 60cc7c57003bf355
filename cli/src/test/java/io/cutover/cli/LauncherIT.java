package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.demo.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, submit/cutover, as a user runs it: a new JVM through Spark's SparkSubmit and
 * the cluster jar.
 */
@Tag("slow")
class LauncherIT {
  private static final Path ROOT = Launcher.ROOT;

  @TempDir Path dir;

  @Test
  void helpExitsZeroAndListsTheCommands() throws Exception {
    Launcher.Run help = Launcher.launch("--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).contains("audit", "stage", "reconcile", "Exit codes:");
    assertThat(help.err()).as("no Spark log flood").doesNotContain("INFO");
  }

  @Test
  void aSpecWithATypoExits2NamingFileAndLine() throws Exception {
    Path typo = dir.resolve("typo.conf");
    Files.writeString(
        typo,
        Files.readString(ROOT.resolve("rules/customers.conf"))
            .replace("\ncohorts {", "\ncohorts {\n  sourse = customers"));

    Launcher.Run bad = Launcher.launch("audit", "--spec", typo.toString());

    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .containsPattern(
            java.util.regex.Pattern.quote(typo.toString())
                + ":\\d+: cohorts.sourse: unknown key 'sourse'; did you mean 'source'\\?");
  }

  @Test
  void notImplementedCommandsExit2() throws Exception {
    Launcher.Run plan = Launcher.launch("plan", "--spec", "rules/customers.conf");
    assertThat(plan.code()).isEqualTo(2);
    assertThat(plan.err()).contains("cutover plan: not implemented yet");
  }

  @Test
  void aRuntimeFailureExits3() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "not a folder");
    Launcher.Run failed =
        Launcher.launch("demo", "--rows", "200", "--work-dir", file.resolve("work").toString());
    assertThat(failed.code()).as(failed.err()).isEqualTo(3);
    assertThat(failed.err()).contains("cutover demo");
  }

  @Test
  void theDemoGeneratesDataAuditsStagesAndReconcilesTheFirstCohort() throws Exception {
    // As a new user runs it: from their own (empty) folder, with the default relative work-dir,
    // ./cutover-work.
    Path home = Files.createDirectories(dir.resolve("new-user"));
    Path work = home.resolve("cutover-work");
    Launcher.Run demo = Launcher.launchIn(home, "demo", "--rows", "3000");

    assertThat(demo.code()).as(demo.err()).isZero();
    GroundTruth truth = GroundTruth.read(work.resolve("legacy/ground-truth.json"));
    assertThat(truth.rows()).containsEntry("customers", 3000L).containsEntry("orders", 6000L);
    assertThat(demo.out())
        .contains(
            "Generating 3000 customers",
            "profiling",
            "Open the audit report: " + work.resolve("reports/audit"));
    String latest = Files.readString(work.resolve("reports/audit/LATEST")).trim();
    JsonNode report =
        new ObjectMapper()
            .readTree(
                work.resolve("reports/audit").resolve(latest).resolve("report.json").toFile());
    // INFO findings are facts for the reviewer (customers without orders), not alarms.
    long alarms =
        java.util.stream.StreamSupport.stream(report.get("findings").spliterator(), false)
            .filter(f -> !f.get("severity").asText().equals("INFO"))
            .count();
    assertThat(alarms).as("one finding per planted defect").isEqualTo(truth.defects().size());
    assertThat(work.resolve("reports/audit").resolve(latest).resolve("report.html"))
        .isRegularFile();
    assertThat(work.resolve("reports/audit-metrics/_delta_log")).isDirectory();
    assertThat(demo.out()).contains("Staged cohort c00", "holds");
    assertThat(work.resolve("staged/customers/_delta_log")).isDirectory();
    assertThat(demo.out())
        .contains(
            "Cohort c00: PASS",
            "PASS conservation",
            "staged and reconciled (PASS)",
            "--cohort c01");
    assertThat(work.resolve("reports/reconcile/c00"))
        .isDirectoryRecursivelyContaining("glob:**/reconcile.html");

    String spec = ROOT.resolve("rules/customers.conf").toString();
    Launcher.Run undo = Launcher.launchIn(home, "rollback", "--spec", spec, "--cohort", "c00");
    assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
    assertThat(undo.out())
        .contains("Rolled back cohort c00", "staged rows after", "the cohort holds no stage run");
    Launcher.Run status = Launcher.launchIn(home, "status", "--spec", spec, "--cohort", "c00,c01");
    assertThat(status.code()).as(status.out() + status.err()).isZero();
    assertThat(status.out())
        .contains(
            "2 cohorts: 1 not staged, 1 rolled back",
            "c00   ROLLED_BACK",
            "(last verdict PASS was on stage run ",
            "Not staged (1): c01");
  }
}
