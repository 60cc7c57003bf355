package io.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that is planned but not built: it says so and exits 2, never a fake success. */
@Command(mixinStandardHelpOptions = true)
final class NotImplementedCommand implements Callable<Integer> {
  private static final String[][] PLANNED = {
    {"plan", "Assign customers to cohorts and waves, low risk first."},
  };

  private final String name;

  @Mixin SparkOptions spark;

  @Option(names = "--spec", paramLabel = "FILE", description = "The migration spec (HOCON).")
  String spec;

  @Option(names = "--cohort", paramLabel = "ID", description = "The cohort, e.g. c00.")
  String cohort;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  private NotImplementedCommand(String name) {
    this.name = name;
  }

  static void register(CommandLine cli) {
    for (String[] planned : PLANNED) {
      CommandLine sub = new CommandLine(new NotImplementedCommand(planned[0]));
      sub.getCommandSpec().usageMessage().description(planned[1] + " (not implemented yet)");
      cli.addSubcommand(planned[0], sub);
    }
  }

  @Override
  public Integer call() {
    self.commandLine()
        .getErr()
        .println(
            "cutover "
                + name
                + ": not implemented yet. Implemented commands: demo, audit, stage, reconcile, rollback, status, validate (see README).");
    return ExitCode.BAD_USAGE.code;
  }
}
