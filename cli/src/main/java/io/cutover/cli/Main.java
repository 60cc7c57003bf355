package io.cutover.cli;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.SpecException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code cutover} command line: parse, load the spec, run one job, print, map the result to an
 * exit code.
 */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0",
    description =
        "Move customers from a legacy platform to a new one, cohort by cohort, without losing a row.",
    subcommands = {
      DemoCommand.class,
      AuditCommand.class,
      StageCommand.class,
      ReconcileCommand.class,
      RollbackCommand.class,
      StatusCommand.class,
      ReportCommand.class,
      ValidateCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success (reconcile: PASS, or WARN without --strict)",
      "  1  a gate said FAIL (reconcile)",
      "  2  bad usage or bad spec (the message names the file and line)",
      "  3  runtime failure (unreadable source, failed write, Spark error, a dataset the audit could not finish)"
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing a command: say which one, e.g. 'cutover demo' or 'cutover audit --spec rules/customers.conf'.");
  }

  public static void main(String[] args) {
    int code =
        execute(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; never calls System.exit. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, System.getenv());
  }

  /**
   * Runs one command line with {@code env} as the environment its spec reads (a spec's {@code
   * ${?VAR}}); never calls System.exit.
   */
  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return commandLine(out, err, env).execute(args);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Main(), new Factory(env));
    NotImplementedCommand.register(cli);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("cutover: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr());
          failed
              .getErr()
              .println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
          failed.getErr().flush();
          return ExitCode.BAD_USAGE.code;
        });
    cli.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          PrintWriter errors = failed.getErr();
          ExitCode code = report(e, failed.getCommandSpec().qualifiedName(), errors);
          errors.flush();
          return code.code;
        });
    return cli;
  }

  /**
   * Creates the commands' parts, handing the spec options and the demo the environment the spec
   * reads.
   */
  private record Factory(Map<String, String> env) implements CommandLine.IFactory {
    Factory {
      env = Map.copyOf(env);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == SpecOptions.class) {
        return type.cast(new SpecOptions(env));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(env));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  private static ExitCode report(Exception e, String command, PrintWriter err) {
    if (e instanceof SpecException spec) {
      err.println(spec.getMessage());
      err.println("Fix the spec and run again; nothing was read or written.");
      return ExitCode.BAD_USAGE;
    }
    if (e instanceof CutoverException c) {
      err.println(command + ": " + c.getMessage());
      debug(e, err);
      return c.kind() == CutoverException.Kind.BAD_INPUT
          ? ExitCode.BAD_USAGE
          : ExitCode.RUNTIME_FAILURE;
    }
    err.println(command + " failed: " + chain(e));
    err.println("Set CUTOVER_DEBUG=1 to see the stack trace.");
    debug(e, err);
    return ExitCode.RUNTIME_FAILURE;
  }

  private static String chain(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (out.length() > 0) {
        out.append("\n  caused by: ");
      }
      out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return out.toString();
  }

  private static void debug(Exception e, PrintWriter err) {
    if (System.getenv("CUTOVER_DEBUG") != null) {
      e.printStackTrace(err);
    }
  }
}
