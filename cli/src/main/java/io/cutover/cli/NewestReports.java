package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The newest reports under a spec's reports path, from the files alone (no Spark): the audit's
 * LATEST report, the newest reconcile run summary, and each cohort's newest reconcile report with
 * its verdict.
 */
record NewestReports(
    Optional<Path> audit, Optional<Path> summary, List<CohortReport> cohorts, Path reports) {

  /** A cohort's newest reconcile report. */
  record CohortReport(String cohort, String verdict, String finishedAt, Path html) {}

  static NewestReports under(Path reports) {
    return new NewestReports(
        audit(reports.resolve("audit")),
        newest(reports.resolve("reconcile").resolve("_runs"))
            .map(f -> f.resolve("summary.html"))
            .filter(Files::isRegularFile),
        cohorts(reports.resolve("reconcile")),
        reports);
  }

  boolean isEmpty() {
    return audit.isEmpty() && summary.isEmpty() && cohorts.isEmpty();
  }

  private static Optional<Path> audit(Path folder) {
    Path latest = folder.resolve("LATEST");
    if (!Files.isRegularFile(latest)) {
      return Optional.empty();
    }
    Path html = folder.resolve(read(latest).trim()).resolve("report.html");
    return Files.isRegularFile(html) ? Optional.of(html) : Optional.empty();
  }

  /** Run folders are named by run id, which sorts by start time; '.' marks one being written. */
  private static Optional<Path> newest(Path folder) {
    return runFolders(folder).max(Comparator.comparing(p -> p.getFileName().toString()));
  }

  private static Stream<Path> runFolders(Path folder) {
    if (!Files.isDirectory(folder)) {
      return Stream.empty();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list
          .filter(Files::isDirectory)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each cohort's report that finished last (two runs may start in the same second, so not by
   * name).
   */
  private static List<CohortReport> cohorts(Path reconcile) {
    ObjectMapper json = new ObjectMapper();
    List<CohortReport> out = new ArrayList<>();
    runFolders(reconcile)
        .filter(p -> !p.getFileName().toString().equals("_runs"))
        .sorted()
        .forEach(
            cohort ->
                runFolders(cohort)
                    .map(run -> run.resolve("reconcile.json"))
                    .filter(Files::isRegularFile)
                    .map(
                        f -> {
                          try {
                            JsonNode root = json.readTree(f.toFile());
                            return new CohortReport(
                                cohort.getFileName().toString(),
                                root.path("verdict").asText(),
                                root.path("finishedAt").asText(),
                                f.resolveSibling("reconcile.html"));
                          } catch (IOException e) {
                            throw new UncheckedIOException("cannot read " + f, e);
                          }
                        })
                    .max(Comparator.comparing(CohortReport::finishedAt))
                    .ifPresent(out::add));
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
