package io.cutover.cli;

import io.cutover.audit.AuditReports;
import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.demo.GroundTruth;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.reconcile.ReconcileCohortJob;
import io.cutover.reconcile.ReconcileOptions;
import io.cutover.reconcile.ReconcileReports;
import io.cutover.reconcile.ReconcileResult;
import io.cutover.reconcile.Verdict;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.cutover.transform.StageResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Generates the demo's legacy data with its planted defects, then audits it, stages the first
 * cohort and reconciles it.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a legacy customers + orders dataset with known defects (and a ground-truth file),",
      "then audit it, stage the first cohort, reconcile that cohort and print where the reports are.",
      "Exit 1 if the cohort's reconciliation is FAIL."
    })
final class DemoCommand implements Callable<Integer> {
  /**
   * The Parquet the demo writes per customer with its two orders (2,000 customers: 222 KB), which
   * sizes its input before it exists.
   */
  private static final long BYTES_PER_CUSTOMER = 110;

  /** What the spec's {@code ${?VAR}} and the default spec's CUTOVER_HOME read. */
  private final Map<String, String> env;

  DemoCommand(Map<String, String> env) {
    this.env = env;
  }

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Customers to generate (orders: twice as many). Default: ${DEFAULT-VALUE}.")
  long rows;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed: the same seed always gives the same data. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where to write everything (default: the spec's work-dir, ./cutover-work).")
  String workDir;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "The demo spec (default: rules/customers.conf of this installation).")
  Path spec;

  @Mixin SparkOptions sparkOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    PrintWriter out = self.commandLine().getOut();
    if (rows < 100) {
      throw new CommandLine.ParameterException(
          self.commandLine(), "--rows must be at least 100, got " + rows);
    }
    MigrationSpec migration = loadSpec();
    ConsoleProgress progress = new ConsoleProgress(out);
    String legacy = migration.workDir() + "/legacy";
    return SparkRun.with(
        "demo",
        migration,
        sparkOptions,
        spark -> rows * BYTES_PER_CUSTOMER,
        spark -> {
          progress.stage(
              "Generating "
                  + rows
                  + " customers and "
                  + 2 * rows
                  + " orders (seed "
                  + seed
                  + ") into "
                  + legacy);
          GroundTruth truth =
              new DemoDataGenerator(spark, new DemoOptions(rows, seed, legacy)).run();
          progress.stage(
              "Planted "
                  + truth.defects().size()
                  + " kinds of defect; ground truth: "
                  + legacy
                  + "/ground-truth.json");
          AuditReports.Written audit = AuditCommand.run(spark, migration, List.of(), progress, out);
          String cohort = migration.cohorts().first();
          StageResult staged =
              new StageCohortJob(
                      spark, migration, StageOptions.of(cohort, StageOptions.Mode.WRITE), progress)
                  .run();
          StageCommand.print(staged, migration, out);
          ReconcileResult verdict =
              new ReconcileCohortJob(spark, migration, ReconcileOptions.of(cohort), progress)
                  .run()
                  .only();
          ReconcileCommand.print(
              verdict, new ReconcileReports(spark, migration).write(verdict), out);
          String again =
              " --spec " + migration.file() + (workDir == null ? "" : " --work-dir " + workDir);
          out.println();
          out.println("Demo done. Legacy data and ground truth: " + legacy);
          out.println("Open the audit report: " + audit.html());
          out.println("Every newest report, as file:// URLs: submit/cutover report" + again);
          String tables =
              String.join(
                  " and ",
                  migration.stagedSources().stream()
                      .map(io.cutover.core.spec.SourceSpec::name)
                      .toList());
          out.println(
              "Cohort "
                  + cohort
                  + " ("
                  + tables
                  + ") is staged and reconciled ("
                  + verdict.verdict()
                  + "); stage the next one, then reconcile it:");
          out.println("  submit/cutover stage" + again + " --cohort " + migration.cohorts().id(1));
          out.println(
              "  submit/cutover reconcile" + again + " --cohort " + migration.cohorts().id(1));
          // The demo's own cohort failing its gate is a defect of this build: say so with the
          // gate's exit code.
          return verdict.verdict() == Verdict.FAIL ? ExitCode.GATE_FAILED.code : ExitCode.OK.code;
        });
  }

  private MigrationSpec loadSpec() {
    Path file = Optional.ofNullable(spec).orElseGet(this::defaultSpec);
    Map<String, String> overrides = new LinkedHashMap<>();
    if (workDir != null) {
      overrides.put("work-dir", workDir);
    }
    return SpecLoader.load(file, env, overrides);
  }

  private Path defaultSpec() {
    String home = Optional.ofNullable(env.get("CUTOVER_HOME")).orElse(".");
    return Path.of(home, "rules", "customers.conf");
  }
}
