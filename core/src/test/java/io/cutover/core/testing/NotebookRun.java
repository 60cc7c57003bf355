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
 * Runs a Jupyter notebook's code cells, in order, as one Python script (no Jupyter needed: the
 * notebooks use pandas and the standard library only), so a test can tell that a notebook still
 * reads what the jobs write. Needs a Python 3 with pandas: {@code CUTOVER_PYTHON}, else the first
 * of {@code python3}, {@code /usr/bin/python3} that imports it (Debian: {@code apt-get install
 * python3-pandas}).
 */
public final class NotebookRun {
  private NotebookRun() {}

  /**
   * The notebook's code cells, then {@code after} (checks that print what the test asserts), run
   * with {@code env}; stdout.
   */
  public static String run(Path notebook, Map<String, String> env, String after) {
    StringBuilder script = new StringBuilder();
    try {
      for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).path("cells")) {
        if (cell.path("cell_type").asText().equals("code")) {
          cell.path("source").forEach(line -> script.append(line.asText()));
          script.append('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read notebook " + notebook, e);
    }
    script.append(after).append('\n');
    try {
      Path file = Files.createTempFile("notebook-", ".py");
      Files.writeString(file, script);
      ProcessBuilder pb =
          new ProcessBuilder(python(), file.toString()).directory(notebook.getParent().toFile());
      pb.environment().putAll(env);
      Path out = Files.createTempFile("notebook-", ".out");
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(notebook + " did not finish in 120 s");
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(notebook + " failed (exit " + p.exitValue() + "):\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String python() throws IOException, InterruptedException {
    List<String> candidates = new ArrayList<>();
    String set = System.getenv("CUTOVER_PYTHON");
    if (set != null && !set.isBlank()) {
      candidates.add(set);
    }
    candidates.addAll(List.of("python3", "/usr/bin/python3"));
    for (String candidate : candidates) {
      try {
        Process p =
            new ProcessBuilder(candidate, "-c", "import pandas").redirectErrorStream(true).start();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      }
    }
    throw new AssertionError(
        "The notebook tests need Python 3 with pandas: none of "
            + candidates
            + " imports it. Install it (Debian: apt-get install python3-pandas) or set CUTOVER_PYTHON to a Python that has it.");
  }
}
