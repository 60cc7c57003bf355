package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.reconcile.CheckOutcome;
import io.cutover.reconcile.ReconcileCohortJob;
import io.cutover.reconcile.ReconcileOptions;
import io.cutover.reconcile.ReconcileReports;
import io.cutover.reconcile.ReconcileResult;
import io.cutover.reconcile.ReconcileRun;
import io.cutover.reconcile.Verdict;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reconciles staged cohorts with their legacy rows; the exit code is the gate a scheduler reads.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compare a staged cohort with its legacy rows and answer PASS, WARN or FAIL with the evidence.",
      "Exit 0 on PASS and on WARN (unless --strict), 1 on FAIL: a scheduler gates the cutover on it."
    })
final class ReconcileCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--cohort",
      required = true,
      paramLabel = "ID",
      description =
          "The cohort, e.g. c00; several, comma-separated (c00,c01); or 'all' for every staged cohort. Several cohorts are checked in one pass over the source, each with its own verdict.")
  String cohort;

  @Option(
      names = "--strict",
      description = "Treat WARN (drift: rows changed since staging) as FAIL.")
  boolean strict;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    ConsoleProgress progress = new ConsoleProgress(out);
    return SparkRun.with(
        "reconcile",
        spec,
        sparkOptions,
        spark -> {
          ReconcileRun run =
              new ReconcileCohortJob(spark, spec, ReconcileOptions.of(cohort), progress).run();
          ReconcileReports.WrittenRun written = new ReconcileReports(spark, spec).write(run);
          if (run.cohorts().size() == 1 && run.notStaged().isEmpty()) {
            print(run.only(), written.cohorts().get(run.only().cohort()), out);
          } else {
            print(run, written, out);
          }
          if (run.verdict() == Verdict.FAIL || (strict && run.verdict() == Verdict.WARN)) {
            return ExitCode.GATE_FAILED.code;
          }
          if (run.verdict() == Verdict.WARN) {
            run.cohorts().stream()
                .filter(r -> r.verdict() == Verdict.WARN)
                .forEach(
                    r ->
                        self.commandLine()
                            .getErr()
                            .println(
                                "cutover reconcile: WARNING: cohort "
                                    + r.cohort()
                                    + " is WARN ("
                                    + String.join("; ", r.reasons())
                                    + "); exit 0 without --strict"));
          }
          return ExitCode.OK.code;
        });
  }

  /**
   * One line per cohort, failures first, then the totals: a hundred cohorts still fit a screen when
   * they pass.
   */
  private static void print(
      ReconcileRun run, ReconcileReports.WrittenRun written, PrintWriter out) {
    out.println();
    out.printf(
        "Reconcile run %s: %s, %d cohorts checked: %d PASS, %d WARN, %d FAIL%n",
        run.runId(),
        run.verdict(),
        run.cohorts().size(),
        run.count(Verdict.PASS),
        run.count(Verdict.WARN),
        run.count(Verdict.FAIL));
    for (ReconcileResult r : run.cohorts()) {
      if (r.verdict() != Verdict.PASS) {
        out.printf("  %-4s %-6s %s%n", r.verdict(), r.cohort(), String.join("; ", r.reasons()));
      }
    }
    if (run.count(Verdict.PASS) > 0) {
      out.printf(
          "  PASS %s%n",
          String.join(
              " ",
              run.cohorts().stream()
                  .filter(r -> r.verdict() == Verdict.PASS)
                  .map(ReconcileResult::cohort)
                  .toList()));
    }
    if (!run.notStaged().isEmpty()) {
      out.printf(
          "Never staged, not checked (%d): %s%n",
          run.notStaged().size(), String.join(" ", run.notStaged()));
    }
    out.println("Summary: " + written.summaryHtml());
    out.println("JSON:    " + written.summaryJson());
    out.println(
        "Per cohort: reconcile.html and reconcile.json under "
            + written.summaryHtml().getParent().getParent().getParent());
    out.println(
        "Metrics over time: Delta table "
            + written.cohorts().values().iterator().next().metricsTable());
    out.flush();
  }

  static void print(ReconcileResult r, ReconcileReports.Written written, PrintWriter out) {
    out.println();
    out.printf(
        "Cohort %s: %s (stage run %s, staged version %d)%n",
        r.cohort(), r.verdict(), r.stageRunId(), r.stagedVersion());
    for (CheckOutcome c : r.checks()) {
      out.printf("  %-4s %-12s %s%n", c.verdict(), c.check(), c.message());
      if (!c.examples().isEmpty()) {
        out.printf("       %-12s e.g. %s%n", "", String.join(" | ", c.examples()));
      }
    }
    if (written.sincePrevious().runId() != null) {
      out.printf(
          "Since reconcile run %s: %d numbers moved%s%n",
          written.sincePrevious().runId(),
          written.sincePrevious().changed().size(),
          written.sincePrevious().changed().isEmpty() ? "" : " (see the report)");
    }
    out.println("Report: " + written.html());
    out.println("JSON:   " + written.json());
    out.println("Metrics over time: Delta table " + written.metricsTable());
    out.flush();
  }
}
