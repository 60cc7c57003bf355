package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.cutover.transform.StageResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Stages one cohort into the Delta tables, or with --dry-run shows what it would do. */
@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    description = {
      "Apply the spec's rules to one cohort and write it into the staged Delta tables.",
      "Every source row ends up staged, quarantined (with rule and reason) or excluded; re-running a cohort",
      "replaces exactly that cohort. --dry-run prints the counts and masked samples and writes nothing."
    })
final class StageCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--cohort",
      required = true,
      paramLabel = "ID",
      description =
          "The cohort, e.g. c00, or 'all' for every cohort in one run (one scan of the source).")
  String cohort;

  @Option(
      names = "--dry-run",
      description =
          "Compute and print the counts and a few masked quarantined rows; write nothing.")
  boolean dryRun;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    ConsoleProgress progress = new ConsoleProgress(out);
    StageResult result =
        SparkRun.with(
            "stage",
            spec,
            sparkOptions,
            spark ->
                new StageCohortJob(
                        spark,
                        spec,
                        StageOptions.of(
                            cohort, dryRun ? StageOptions.Mode.DRY_RUN : StageOptions.Mode.WRITE),
                        progress)
                    .run());
    print(result, spec, out);
    return ExitCode.OK.code;
  }

  static void print(StageResult r, MigrationSpec spec, PrintWriter out) {
    out.println();
    out.printf(
        "%s cohort %s (run %s, rules %s):%n",
        r.dryRun() ? "Dry run of" : "Staged",
        r.cohort(),
        r.runId(),
        r.rulesHash().substring(0, 12));
    out.printf("  %,12d source rows%n", r.sourceRows());
    out.printf("  %,12d staged%n", r.staged());
    out.printf("  %,12d quarantined%n", r.quarantined());
    out.printf("  %,12d excluded%n", r.excluded());
    out.printf("  %,12d merged duplicates%n", r.merged());
    out.printf(
        "  conservation: %d = %d + %d + %d + %d %s%n",
        r.sourceRows(),
        r.staged(),
        r.quarantined(),
        r.excluded(),
        r.merged(),
        r.conserved() ? "holds" : "DOES NOT HOLD");
    if (!r.byRule().isEmpty()) {
      out.println("  by rule:");
      r.byRule().forEach((rule, n) -> out.printf("  %,12d %s%n", n, rule));
    }
    for (Map.Entry<String, List<String>> e : r.samples().entrySet()) {
      out.println("  sample of " + e.getKey() + ":");
      e.getValue().forEach(s -> out.println("      " + s));
    }
    // Every other staged table of the cohort (its customers' orders), one line each.
    for (StageResult.Table t : r.tables().stream().skip(1).toList()) {
      out.printf(
          "  %s: %d source rows = %d staged + %d quarantined + %d excluded + %d merged %s%n",
          t.table(),
          t.sourceRows(),
          t.staged(),
          t.quarantined(),
          t.excluded(),
          t.merged(),
          t.conserved() ? "holds" : "DOES NOT HOLD");
      t.byRule().forEach((rule, n) -> out.printf("  %,12d %s%n", n, rule));
    }
    if (!r.dryRun()) {
      for (StageResult.Table t : r.tables()) {
        io.cutover.core.spec.TargetSpec target = spec.targetOf(t.table());
        out.printf(
            "Staged table: %s (Delta version %d); quarantine: %s; exclusions: %s%n",
            target.stagedPath(),
            t.stagedVersion(),
            target.quarantinePath(),
            target.exclusionsPath());
      }
    }
    out.flush();
  }
}
