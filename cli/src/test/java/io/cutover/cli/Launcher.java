package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line two ways: the real launcher, submit/cutover, as a user does (a new JVM
 * through Spark's SparkSubmit and the cluster jar, seconds of start-up each), or in-process through
 * {@link Main#execute} (milliseconds; on the test JVM's Spark session when one is running). Tests
 * about the launcher itself launch; tests about a command's output and exit code run in-process.
 */
final class Launcher {
  static final Path ROOT =
      Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();

  record Run(int code, String out, String err) {
    String both() {
      return out + err;
    }
  }

  private Launcher() {}

  static Run launch(Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    return launch(ROOT, env, args);
  }

  /**
   * Launches from another starting directory, as a user who calls submit/cutover by its path from
   * their own folder.
   */
  static Run launchIn(Path directory, String... args) throws IOException, InterruptedException {
    return launch(directory, Map.of(), List.of(args));
  }

  private static Run launch(Path directory, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("submit/cutover").toString()));
    command.addAll(args);
    Path out = Files.createTempFile("cutover-out", ".txt");
    Path err = Files.createTempFile("cutover-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      // Each launch is a JVM living seconds on tiny data: the quick JIT alone costs less CPU, as in
      // ClusterIT.
      builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
      builder.environment().putAll(env);
      Process p = builder.start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES))
          .as("launcher finished in time: " + command)
          .isTrue();
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Run launch(String... args) throws IOException, InterruptedException {
    return launch(Map.of(), List.of(args));
  }

  /**
   * {@code args}, then {@code --spec} (a path under the repository, e.g. "rules/pagila.conf") and
   * {@code --work-dir}: one command line for a launch and an in-process run alike.
   */
  static List<String> withSpec(String spec, Path workDir, String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.addAll(
        List.of("--spec", ROOT.resolve(spec).toString(), "--work-dir", workDir.toString()));
    return command;
  }

  /** The command line in this JVM: its exit code and what it printed (never calls System.exit). */
  static Run inProcess(String... args) {
    return inProcess(System.getenv(), List.of(args));
  }

  /**
   * The command line in this JVM with {@code env} as the environment its spec reads (a spec's
   * {@code ${?VAR}}).
   */
  static Run inProcess(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            args.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            env);
    return new Run(code, out.toString(), err.toString());
  }
}
