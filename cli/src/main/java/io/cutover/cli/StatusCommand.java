package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.reconcile.CohortStatus;
import io.cutover.reconcile.StatusJob;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Each cohort's state, from the runs and verdicts tables. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show each cohort's state: not staged, staged, its verdict on the stage run it holds now, or rolled back.",
      "Reads only the runs and verdicts tables."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--cohort",
      paramLabel = "ID",
      description = "Only these cohorts, comma-separated (default: every cohort).")
  String cohort;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    List<String> cohorts =
        cohort == null
            ? List.of()
            : Arrays.stream(cohort.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    List<CohortStatus> all =
        SparkRun.with(
            "status",
            spec,
            sparkOptions,
            SparkRun.NO_LEGACY_INPUT,
            spark -> new StatusJob(spark, spec, cohorts, new ConsoleProgress(out)).run());
    out.println();
    List<String> counts = new java.util.ArrayList<>();
    for (CohortStatus.State s : CohortStatus.State.values()) {
      long n = all.stream().filter(c -> c.state() == s).count();
      if (n > 0) {
        counts.add(n + " " + label(s));
      }
    }
    out.printf(
        "Migration '%s', %d cohorts: %s%n", spec.name(), all.size(), String.join(", ", counts));
    for (CohortStatus c : all) {
      if (c.state() != CohortStatus.State.NOT_STAGED) {
        out.printf("  %-5s %-11s %s%n", c.cohort(), c.state(), detail(c));
      }
    }
    long never = all.stream().filter(c -> c.state() == CohortStatus.State.NOT_STAGED).count();
    if (never > 0 && never < all.size()) {
      out.printf("Not staged (%d): %s%n", never, ranges(all));
    }
    out.flush();
    return ExitCode.OK.code;
  }

  /** The cohorts not staged, consecutive ones as a range ("c01-c99"), in the migration's order. */
  private static String ranges(List<CohortStatus> all) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).state() != CohortStatus.State.NOT_STAGED) {
        continue;
      }
      int j = i;
      while (j + 1 < all.size() && all.get(j + 1).state() == CohortStatus.State.NOT_STAGED) {
        j++;
      }
      out.add(j == i ? all.get(i).cohort() : all.get(i).cohort() + "-" + all.get(j).cohort());
      i = j;
    }
    return String.join(" ", out);
  }

  private static String label(CohortStatus.State s) {
    return switch (s) {
      case NOT_STAGED -> "not staged";
      case ROLLED_BACK -> "rolled back";
      case STAGED -> "staged, not reconciled";
      default -> s.name();
    };
  }

  private static String detail(CohortStatus c) {
    if (c.state() == CohortStatus.State.ROLLED_BACK) {
      return "every stage run was rolled back; the cohort holds no rows" + verdictNote(c);
    }
    String rows =
        c.stagedByTable().size() < 2
            ? c.stagedRows() + " rows"
            : String.join(
                ", ",
                c.stagedByTable().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .toList());
    String staged = "stage run " + c.stageRunId() + " (" + c.stagedAt() + ", " + rows + ")";
    if (c.state() == CohortStatus.State.STAGED) {
      return staged + ", not reconciled since" + verdictNote(c);
    }
    return staged + ", reconciled " + c.checkedAt();
  }

  private static String verdictNote(CohortStatus c) {
    return c.lastVerdict() == null
        ? ""
        : " (last verdict "
            + c.lastVerdict()
            + " was on stage run "
            + c.lastVerdictStageRunId()
            + ")";
  }
}
