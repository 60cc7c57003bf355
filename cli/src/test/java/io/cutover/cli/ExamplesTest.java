package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell scripts under submit/ (the launcher, the cluster script, the examples) parse, and the
 * nightly gate gates.
 */
class ExamplesTest {
  private static final Path ROOT =
      Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();

  @TempDir Path dir;

  private record Run(int code, String out) {}

  @Test
  void everyShellScriptUnderSubmitParses() throws Exception {
    List<Path> scripts = shellScripts(ROOT.resolve("submit"));
    assertThat(scripts)
        .as("the scripts found")
        .contains(
            ROOT.resolve("submit/cutover"),
            ROOT.resolve("submit/cluster"),
            ROOT.resolve("submit/examples/yarn-submit.sh"),
            ROOT.resolve("submit/examples/kubernetes-submit.sh"),
            ROOT.resolve("submit/examples/nightly-reconcile.sh"));
    for (Path script : scripts) {
      Run check = run(List.of("bash", "-n", script.toString()), List.of());
      assertThat(check.code()).as("bash -n %s: %s", script, check.out()).isZero();
    }
  }

  @Test
  void theAirflowExampleIsPlainTextNotADependency() {
    assertThat(ROOT.resolve("submit/examples/airflow_nightly_reconcile.py.txt")).isRegularFile();
    assertThat(ROOT.resolve("submit/examples/README.md")).isRegularFile();
  }

  @Test
  void theNightlyGateExitsOneWhenACohortFailsAndZeroOnlyWhenAllPass() throws Exception {
    // A stand-in launcher: FAIL (exit 1) for the cohorts listed in FAILING, an error (exit 3) for
    // those in BROKEN.
    Path fake = dir.resolve("fake-cutover");
    Files.writeString(
        fake,
        """
                #!/usr/bin/env bash
                cohort="$5"
                echo "reconcile $cohort $*"
                [[ " ${BROKEN:-} " == *" $cohort "* ]] && exit 3
                [[ " ${FAILING:-} " == *" $cohort "* ]] && exit 1
                exit 0
                """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    String gate = ROOT.resolve("submit/examples/nightly-reconcile.sh").toString();

    Run allPass = run(List.of(gate, "c00", "c01", "c02"), List.of("CUTOVER_LAUNCHER=" + fake));
    assertThat(allPass.code()).as(allPass.out()).isZero();
    assertThat(allPass.out())
        .contains("reconcile c02", "--strict", "PASS: c00 c01 c02; FAIL: none");

    Run oneFails =
        run(List.of(gate, "c00", "c01", "c02"), List.of("CUTOVER_LAUNCHER=" + fake, "FAILING=c01"));
    assertThat(oneFails.code()).as(oneFails.out()).isEqualTo(1);
    assertThat(oneFails.out())
        .as("the cohorts after the failing one are still checked")
        .contains("reconcile c02", "FAIL: c01;");

    Run oneBroken =
        run(
            List.of(gate, "c00", "c01"),
            List.of("CUTOVER_LAUNCHER=" + fake, "FAILING=c00", "BROKEN=c01"));
    assertThat(oneBroken.code()).as(oneBroken.out()).isEqualTo(3);

    Run noCohorts = run(List.of(gate), List.of("CUTOVER_LAUNCHER=" + fake, "CUTOVER_COHORTS="));
    assertThat(noCohorts.code()).as(noCohorts.out()).isEqualTo(2);
    Run fromEnvironment =
        run(
            List.of(gate),
            List.of("CUTOVER_LAUNCHER=" + fake, "CUTOVER_COHORTS=c05 c06", "FAILING=c06"));
    assertThat(fromEnvironment.code()).as(fromEnvironment.out()).isEqualTo(1);
  }

  private static List<Path> shellScripts(Path folder) throws IOException {
    List<Path> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String first =
            Files.readAllLines(f, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        if (f.toString().endsWith(".sh") || first.startsWith("#!") && first.contains("sh")) {
          scripts.add(f);
        }
      }
    }
    return scripts;
  }

  private Run run(List<String> command, List<String> env) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    for (String e : env) {
      builder.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
    }
    Process p = builder.start();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
