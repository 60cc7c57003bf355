package io.cutover.cli;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Points at the newest reports: file:// URLs to paste into a browser, or opens them. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Print file:// URLs of the newest reports: the audit's report.html, the newest all-cohorts",
      "reconcile summary.html, and the newest reconcile.html of each cohort that did not pass.",
      "Reads only the report files (no Spark). Exit 2 when there is no report yet."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Option(
      names = "--open",
      description =
          "Also open the audit report and the summary in the desktop's browser (xdg-open, or open on macOS).")
  boolean open;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    Path reports = Path.of(spec.reportsPath()).toAbsolutePath().normalize();
    NewestReports newest = NewestReports.under(reports);
    if (newest.isEmpty()) {
      throw CutoverException.badInput(
          "no report under "
              + reports
              + " yet: run 'submit/cutover audit' or 'reconcile' with this spec first (or 'submit/cutover demo').");
    }
    List<Path> toOpen = new ArrayList<>();
    out.printf("Reports of '%s' under %s%n", spec.name(), reports);
    newest
        .audit()
        .ifPresent(
            p -> {
              out.println("Audit (newest):        " + url(p));
              toOpen.add(p);
            });
    newest
        .summary()
        .ifPresent(
            p -> {
              out.println("Reconcile, all cohorts: " + url(p));
              toOpen.add(p);
            });
    Map<String, List<String>> byVerdict = new TreeMap<>();
    newest
        .cohorts()
        .forEach(
            c -> byVerdict.computeIfAbsent(c.verdict(), v -> new ArrayList<>()).add(c.cohort()));
    if (!newest.cohorts().isEmpty()) {
      List<String> counts = new ArrayList<>();
      byVerdict.forEach((v, cs) -> counts.add(cs.size() + " " + v));
      out.printf(
          "Cohorts reconciled: %d (%s), newest verdict each%n",
          newest.cohorts().size(), String.join(", ", counts));
    }
    for (NewestReports.CohortReport c : newest.cohorts()) {
      if (!c.verdict().equals("PASS")) {
        out.printf("  %-4s %-6s %s%n", c.verdict(), c.cohort(), url(c.html()));
      }
    }
    out.println("Notebooks: CUTOVER_REPORTS=" + reports + " jupyter notebook notebooks/");
    if (toOpen.isEmpty() && !newest.cohorts().isEmpty()) {
      toOpen.add(newest.cohorts().get(0).html());
    }
    if (open) {
      openAll(toOpen, out);
    }
    out.flush();
    return ExitCode.OK.code;
  }

  private static String url(Path file) {
    return file.toUri().toString();
  }

  /**
   * Hands each page to the desktop's opener; without one (a server, CI) the URLs above are the
   * answer.
   */
  private void openAll(List<Path> files, PrintWriter out) {
    String opener =
        System.getProperty("os.name", "").toLowerCase().contains("mac") ? "open" : "xdg-open";
    for (Path f : files) {
      try {
        new ProcessBuilder(opener, url(f)).inheritIO().start();
      } catch (IOException e) {
        self.commandLine()
            .getErr()
            .println(
                "cutover report: cannot open a browser ("
                    + opener
                    + ": "
                    + e.getMessage()
                    + "); open the URLs above by hand.");
        return;
      }
    }
    out.println("Opened " + files.size() + (files.size() == 1 ? " page" : " pages") + ".");
  }
}
