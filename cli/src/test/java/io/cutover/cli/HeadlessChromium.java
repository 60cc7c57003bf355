package io.cutover.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless and with the network off (every host unresolvable, a proxy that
 * refuses), to render a report as a reader's browser does: a screenshot, and the DOM after parsing.
 * {@code CUTOVER_CHROMIUM}, else {@code chromium} on the PATH (Debian: {@code apt-get install
 * chromium}).
 */
final class HeadlessChromium {
  static final int WIDTH = 1280;
  private static final int TIMEOUT_SECONDS = 90;

  private final String binary;
  private final Path profile;

  HeadlessChromium(Path profile) {
    this.binary = binary();
    this.profile = profile;
  }

  /** A {@value #WIDTH} px wide PNG of the page's first {@code height} px. */
  void screenshot(Path page, Path png, int height) {
    run(page, "--screenshot=" + png, "--window-size=" + WIDTH + "," + height);
  }

  /** The page's DOM as the browser built it. */
  String dom(Path page) {
    return run(page, "--dump-dom");
  }

  private String run(Path page, String... action) {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND"));
    command.addAll(List.of(action));
    command.add(page.toUri().toString());
    try {
      Files.createDirectories(profile);
      Path out = Files.createTempFile(profile, "stdout-", ".html");
      Path err = Files.createTempFile(profile, "stderr-", ".log");
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            "chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "chromium failed (exit "
                + p.exitValue()
                + ") on "
                + page
                + ":\n"
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + binary + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String binary() {
    List<String> candidates = new ArrayList<>();
    String set = System.getenv("CUTOVER_CHROMIUM");
    if (set != null && !set.isBlank()) {
      candidates.add(set);
    }
    candidates.addAll(List.of("chromium", "chromium-browser"));
    for (String candidate : candidates) {
      try {
        Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException notThere) {
        // try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(
        "The browser test needs Chromium: none of "
            + candidates
            + " runs. Install it (Debian: apt-get install chromium) or set CUTOVER_CHROMIUM.");
  }
}
