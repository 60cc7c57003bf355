package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.reconcile.CheckOutcome;
import io.cutover.reconcile.ReconcileCohortJob;
import io.cutover.reconcile.ReconcileOptions;
import io.cutover.reconcile.ReconcileReports;
import io.cutover.reconcile.ReconcileResult;
import io.cutover.reconcile.Verdict;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reconciles a staged cohort with its legacy rows; the exit code is the gate a scheduler reads. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = {"Compare a staged cohort with its legacy rows and answer PASS, WARN or FAIL with the evidence.",
            "Exit 0 on PASS and on WARN (unless --strict), 1 on FAIL: a scheduler gates the cutover on it."})
final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--cohort", required = true, paramLabel = "ID", description = "The cohort, e.g. c00.")
    String cohort;

    @Option(names = "--strict", description = "Treat WARN (drift: rows changed since staging) as FAIL.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec self;

    @Override
    public Integer call() {
        MigrationSpec spec = specOptions.load();
        PrintWriter out = self.commandLine().getOut();
        ConsoleProgress progress = new ConsoleProgress(out);
        return SparkRun.with("reconcile", spec, sparkOptions, spark -> {
            ReconcileResult result = new ReconcileCohortJob(spark, spec, ReconcileOptions.of(cohort), progress).run();
            ReconcileReports.Written written = new ReconcileReports(spark, spec).write(result);
            print(result, written, out);
            if (result.verdict() == Verdict.FAIL || (strict && result.verdict() == Verdict.WARN)) {
                return ExitCode.GATE_FAILED.code;
            }
            if (result.verdict() == Verdict.WARN) {
                self.commandLine().getErr().println("cutover reconcile: WARNING: cohort " + cohort + " is WARN (" + String.join("; ", result.reasons())
                        + "); exit 0 without --strict");
            }
            return ExitCode.OK.code;
        });
    }

    private static void print(ReconcileResult r, ReconcileReports.Written written, PrintWriter out) {
        out.println();
        out.printf("Cohort %s: %s (stage run %s, staged version %d)%n", r.cohort(), r.verdict(), r.stageRunId(), r.stagedVersion());
        for (CheckOutcome c : r.checks()) {
            out.printf("  %-4s %-12s %s%n", c.verdict(), c.check(), c.message());
            if (!c.examples().isEmpty()) {
                out.printf("       %-12s e.g. %s%n", "", String.join(" | ", c.examples()));
            }
        }
        if (written.sincePrevious().runId() != null) {
            out.printf("Since reconcile run %s: %d numbers moved%s%n", written.sincePrevious().runId(), written.sincePrevious().changed().size(),
                    written.sincePrevious().changed().isEmpty() ? "" : " (see the report)");
        }
        out.println("Report: " + written.html());
        out.println("JSON:   " + written.json());
        out.println("Metrics over time: Delta table " + written.metricsTable());
        out.flush();
    }
}
