package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.demo.GroundTruth;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, submit/cutover, as a user runs it: a new JVM through Spark's SparkSubmit and
 * the cluster jar. Each launch costs a JVM and, past the spec, a Spark session, so there are two: a
 * spec typo (exit 2 through the launcher, before Spark starts) and the whole demo (generate, audit,
 * stage and reconcile c00 in one JVM). What follows the demo (rollback and status of its work
 * folder) runs in-process through {@link Main}, on this JVM's session; so do help, the
 * not-implemented commands (MainTest) and a runtime failure (SourceErrorsTest).
 */
@Tag("slow")
@ExtendWith(SparkExtension.class)
class LauncherIT {
  private static final String SHARED_EMAILS = "almost-key email";

  private static final Path ROOT = Launcher.ROOT;

  @TempDir Path dir;

  @Test
  void aSpecWithATypoExits2NamingFileAndLine() throws Exception {
    Path typo = dir.resolve("typo.conf");
    Files.writeString(
        typo,
        Files.readString(ROOT.resolve("rules/customers.conf"))
            .replace("\ncohorts {", "\ncohorts {\n  sourse = customers"));

    Launcher.Run bad = Launcher.launch("audit", "--spec", typo.toString());

    assertThat(bad.code()).as(bad.both()).isEqualTo(2);
    assertThat(bad.err())
        .containsPattern(
            Pattern.quote(typo.toString())
                + ":\\d+: cohorts.sourse: unknown key 'sourse'; did you mean 'source'\\?");
  }

  @Test
  void theDemoGeneratesDataAuditsStagesAndReconcilesTheFirstCohortThenRollsItBack()
      throws Exception {
    // As a new user runs it: from their own (empty) folder, with the default relative work-dir,
    // ./cutover-work.
    Path home = Files.createDirectories(dir.resolve("new-user"));
    Path work = home.resolve("cutover-work");
    Launcher.Run demo = Launcher.launchIn(home, "demo", "--rows", "3000");

    assertThat(demo.code()).as(demo.err()).isZero();
    assertThat(demo.err()).as("no Spark log flood").doesNotContain(" INFO ");
    try (java.util.stream.Stream<Path> left = Files.list(home)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("everything under cutover-work, Spark's warehouse folder too")
          .containsExactly("cutover-work");
    }
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
    // INFO findings are facts for the reviewer (customers without orders), not alarms; the demo's
    // random emails are shared by chance (almost-key, counted against SQL in AuditDemoTest).
    long alarms =
        StreamSupport.stream(report.get("findings").spliterator(), false)
            .filter(f -> !f.get("severity").asText().equals("INFO"))
            .filter(
                f -> !SHARED_EMAILS.equals(f.get("type").asText() + " " + f.get("column").asText()))
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

    // The launcher's work done, the next commands need no JVM of their own.
    String spec = ROOT.resolve("rules/customers.conf").toString();
    Launcher.Run undo =
        Launcher.inProcess(
            "rollback", "--spec", spec, "--work-dir", work.toString(), "--cohort", "c00");
    assertThat(undo.code()).as(undo.both()).isZero();
    assertThat(undo.out())
        .contains("Rolled back cohort c00", "staged rows after", "the cohort holds no stage run");
    Launcher.Run status =
        Launcher.inProcess(
            "status", "--spec", spec, "--work-dir", work.toString(), "--cohort", "c00,c01");
    assertThat(status.code()).as(status.both()).isZero();
    assertThat(status.out())
        .contains(
            "2 cohorts: 1 not staged, 1 rolled back",
            "c00   ROLLED_BACK",
            "(last verdict PASS was on stage run ",
            "Not staged (1): c01");
  }
}
