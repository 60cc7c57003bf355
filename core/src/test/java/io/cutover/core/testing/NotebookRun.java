package io.cutover.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes a Jupyter notebook the way an analyst's Jupyter does ({@code jupyter nbconvert --to
 * notebook --execute}, in a kernel), so a test can tell that every cell still runs on what the jobs
 * write and read what it showed. Needs a Python 3 with pandas, matplotlib, nbconvert and ipykernel:
 * {@code CUTOVER_PYTHON}, else the first of {@code /usr/bin/python3}, {@code python3} that imports
 * them (Debian: {@code apt-get install python3-pandas python3-matplotlib python3-nbconvert
 * python3-ipykernel}).
 */
public final class NotebookRun {
  private static final String MODULES = "pandas, matplotlib, nbconvert, ipykernel";
  private static final int TIMEOUT_SECONDS = 180;

  private final JsonNode executed;

  private NotebookRun(JsonNode executed) {
    this.executed = executed;
  }

  /**
   * Executes {@code notebook} with {@code env} added to the environment, writing the executed copy
   * into {@code outDir}; fails (with nbconvert's output, which names the cell) on any cell error.
   */
  public static NotebookRun execute(Path notebook, Map<String, String> env, Path outDir) {
    try {
      Files.createDirectories(outDir);
      Path log = outDir.resolve(notebook.getFileName() + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  python(),
                  "-m",
                  "nbconvert",
                  "--to",
                  "notebook",
                  "--execute",
                  "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS,
                  "--ExecutePreprocessor.kernel_name=python3",
                  "--output-dir",
                  outDir.toString(),
                  notebook.toString())
              .directory(notebook.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      // Matplotlib's font cache in the build folder, not in the home of whoever runs the tests.
      pb.environment().putIfAbsent("MPLCONFIGDIR", outDir.resolve("mplconfig").toString());
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(notebook + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            notebook
                + " failed (nbconvert exit "
                + p.exitValue()
                + "):\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new NotebookRun(
          new ObjectMapper().readTree(outDir.resolve(notebook.getFileName()).toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything the cells printed or showed as text (stdout and text/plain results), in order. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (JsonNode output : outputs()) {
      output.path("text").forEach(line -> out.append(line.asText()));
      output.path("data").path("text/plain").forEach(line -> out.append(line.asText()));
      out.append('\n');
    }
    return out.toString();
  }

  /** How many figures the cells showed (image/png outputs). */
  public long figures() {
    return outputs().stream().filter(o -> o.path("data").has("image/png")).count();
  }

  private List<JsonNode> outputs() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode cell : executed.path("cells")) {
      cell.path("outputs").forEach(out::add);
    }
    return out;
  }

  private static String python() throws IOException, InterruptedException {
    List<String> candidates = new ArrayList<>();
    String set = System.getenv("CUTOVER_PYTHON");
    if (set != null && !set.isBlank()) {
      candidates.add(set);
    }
    candidates.addAll(List.of("/usr/bin/python3", "python3"));
    for (String candidate : candidates) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import " + MODULES)
                .redirectErrorStream(true)
                .start();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      }
    }
    throw new AssertionError(
        "The notebook tests need Python 3 with "
            + MODULES
            + ": none of "
            + candidates
            + " imports them. Install them (Debian: apt-get install python3-pandas python3-matplotlib"
            + " python3-nbconvert python3-ipykernel) or set CUTOVER_PYTHON to a Python that has them.");
  }
}
