package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.demo.GroundTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, submit/cutover, as a user runs it: a new JVM through Spark's SparkSubmit and the cluster jar. */
@Tag("slow")
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("submit/cutover").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cutover-out", ".txt");
        Path err = Files.createTempFile("cutover-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Each launch is a JVM living seconds on tiny data: the quick JIT alone costs less CPU, as in ClusterIT.
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        Process p = builder.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("launcher finished in time").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZeroAndListsTheCommands() throws Exception {
        Run help = launch("--help");
        assertThat(help.code()).as(help.err()).isZero();
        assertThat(help.out()).contains("audit", "stage", "reconcile", "Exit codes:");
        assertThat(help.err()).as("no Spark log flood").doesNotContain("INFO");
    }

    @Test
    void aSpecWithATypoExits2NamingFileAndLine() throws Exception {
        Path typo = dir.resolve("typo.conf");
        Files.writeString(typo, Files.readString(ROOT.resolve("rules/customers.conf")).replace("\ncohorts {", "\ncohorts {\n  sourse = customers"));

        Run bad = launch("audit", "--spec", typo.toString());

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).containsPattern(java.util.regex.Pattern.quote(typo.toString()) + ":\\d+: cohorts.sourse: unknown key 'sourse'; did you mean 'source'\\?");
    }

    @Test
    void notImplementedCommandsExit2() throws Exception {
        Run reconcile = launch("rollback", "--spec", "rules/customers.conf", "--cohort", "c00");
        assertThat(reconcile.code()).isEqualTo(2);
        assertThat(reconcile.err()).contains("not implemented yet");
    }

    @Test
    void aRuntimeFailureExits3() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        Run failed = launch("demo", "--rows", "200", "--work-dir", file.resolve("work").toString());
        assertThat(failed.code()).as(failed.err()).isEqualTo(3);
        assertThat(failed.err()).contains("cutover demo");
    }

    @Test
    void theDemoGeneratesDataAuditsItAndPrintsWhereTheReportsAre() throws Exception {
        Path work = dir.resolve("work");
        Run demo = launch("demo", "--rows", "3000", "--work-dir", work.toString());

        assertThat(demo.code()).as(demo.err()).isZero();
        GroundTruth truth = GroundTruth.read(work.resolve("legacy/ground-truth.json"));
        assertThat(truth.rows()).containsEntry("customers", 3000L).containsEntry("orders", 6000L);
        assertThat(demo.out()).contains("Generating 3000 customers", "profiling", "Open the audit report: " + work.resolve("reports/audit"));
        String latest = Files.readString(work.resolve("reports/audit/LATEST")).trim();
        JsonNode report = new ObjectMapper().readTree(work.resolve("reports/audit").resolve(latest).resolve("report.json").toFile());
        assertThat(report.get("findings").size()).as("one finding per planted defect").isEqualTo(truth.defects().size());
        assertThat(work.resolve("reports/audit").resolve(latest).resolve("report.html")).isRegularFile();
        assertThat(work.resolve("reports/audit-metrics/_delta_log")).isDirectory();
        assertThat(demo.out()).contains("Staged cohort c00", "holds");
        assertThat(work.resolve("staged/customers/_delta_log")).isDirectory();

        Run all = launch("reconcile", "--spec", "rules/customers.conf", "--work-dir", work.toString(), "--cohort", "all");
        assertThat(all.code()).as(all.out() + all.err()).isZero();
        assertThat(all.out()).contains("1 cohorts checked: 1 PASS, 0 WARN, 0 FAIL", "PASS c00", "Never staged, not checked (99): c01 c02");
        assertThat(work.resolve("reports/reconcile/_runs")).isDirectoryContaining(p -> Files.isRegularFile(p.resolve("summary.html")));
    }
}
