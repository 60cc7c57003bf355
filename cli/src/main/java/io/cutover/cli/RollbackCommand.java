package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.transform.RollbackCohortJob;
import io.cutover.transform.RollbackOptions;
import io.cutover.transform.RollbackResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Undoes a cohort's current stage run with Delta time travel. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undo a cohort's latest stage run: its staged rows go back to what they were before that run",
      "(the previous stage run's rows, or none) in one Delta commit that touches no other cohort.",
      "Run it again to undo the run before. --dry-run prints what it would do and writes nothing."
    })
final class RollbackCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--cohort",
      required = true,
      paramLabel = "ID",
      description = "The cohort, e.g. c00.")
  String cohort;

  @Option(
      names = "--dry-run",
      description = "Print which run would be undone and the rows before and after; write nothing.")
  boolean dryRun;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    ConsoleProgress progress = new ConsoleProgress(out);
    RollbackResult r =
        SparkRun.with(
            "rollback",
            spec,
            sparkOptions,
            SparkRun.NO_LEGACY_INPUT,
            spark ->
                new RollbackCohortJob(spark, spec, RollbackOptions.of(cohort, dryRun), progress)
                    .run());
    String holds =
        r.restoredRunId() == null
            ? "no stage run (it is empty, as before its first stage)"
            : "stage run " + r.restoredRunId();
    out.println();
    out.printf(
        "%s cohort %s (run %s): stage run %s %s%n",
        r.dryRun() ? "Dry run of rolling back" : "Rolled back",
        r.cohort(),
        r.runId(),
        r.undoneRunId(),
        r.dryRun() ? "would be undone" : "undone");
    out.printf("  %,12d staged rows before%n", r.rowsBefore());
    out.printf(
        "  %,12d staged rows after (as at Delta version %d)%n",
        r.rowsAfter(), r.restoredFromVersion());
    out.printf("  the cohort %s %s%n", r.dryRun() ? "would hold" : "holds", holds);
    if (!r.dryRun()) {
      out.printf(
          "Staged table: %s (Delta version %d); the quarantine and exclusions tables keep the undone run's rows under its run id.%n",
          spec.target().stagedPath(), r.stagedVersion());
    }
    out.flush();
    return ExitCode.OK.code;
  }
}
