package io.cutover.cli;

import io.cutover.audit.AuditJob;
import io.cutover.audit.AuditOptions;
import io.cutover.audit.AuditReports;
import io.cutover.audit.AuditResult;
import io.cutover.audit.Category;
import io.cutover.audit.Finding;
import io.cutover.audit.Severity;
import io.cutover.core.run.Progress;
import io.cutover.core.run.RunIds;
import io.cutover.core.spec.MigrationSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Profiles the legacy sources and reports what must not move: zombie fields, corrupted values,
 * hidden dependencies.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Profile the legacy sources and report what should not move: zombie columns, corrupted values,",
      "duplicate keys and orphan references. Writes report.json, report.html and suggested-rules.conf under",
      "the spec's reports path, and appends the run's metrics to a Delta history table."
    })
final class AuditCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "Audit only this source (repeatable; default: all).")
  List<String> datasets = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    ConsoleProgress progress = new ConsoleProgress(out);
    AuditResult result =
        SparkRun.with(
            "audit",
            spec,
            sparkOptions,
            spark -> audit(spark, spec, datasets, progress, out).result());
    if (result.failed().isEmpty()) {
      return ExitCode.OK.code;
    }
    // The other datasets' findings are written; the run still fails, so that no scheduler takes it
    // as complete.
    PrintWriter err = self.commandLine().getErr();
    result.failed().forEach(f -> err.println("audit failed: " + f.describe()));
    err.flush();
    return ExitCode.RUNTIME_FAILURE.code;
  }

  private record Audited(AuditResult result, AuditReports.Written written) {}

  /** Runs the audit, writes its reports and prints the summary; shared with the demo. */
  static AuditReports.Written run(
      SparkSession spark,
      MigrationSpec spec,
      List<String> datasets,
      Progress progress,
      PrintWriter out) {
    return audit(spark, spec, datasets, progress, out).written();
  }

  private static Audited audit(
      SparkSession spark,
      MigrationSpec spec,
      List<String> datasets,
      Progress progress,
      PrintWriter out) {
    Instant now = Instant.now();
    AuditResult result =
        new AuditJob(spark, spec, new AuditOptions(datasets, RunIds.next(now), now), progress)
            .run();
    progress.stage("writing reports and metrics history");
    AuditReports.Written written = new AuditReports(spark, spec).write(result);
    printSummary(result, written, out);
    return new Audited(result, written);
  }

  private static void printSummary(
      AuditResult result, AuditReports.Written written, PrintWriter out) {
    out.println();
    out.printf(
        "Audit %s of '%s': %d datasets, %d findings (%d high, %d medium, %d low, %d info)%n",
        result.runId(),
        result.migration(),
        result.datasets().size(),
        result.findings().size(),
        result.count(Severity.HIGH),
        result.count(Severity.MEDIUM),
        result.count(Severity.LOW),
        result.count(Severity.INFO));
    if (!result.failed().isEmpty()) {
      out.printf("  NOT AUDITED (%d datasets)%n", result.failed().size());
      result.failed().forEach(f -> out.printf("    %s%n", f.describe()));
    }
    for (Category category : Category.values()) {
      List<Finding> of = result.findings().stream().filter(f -> f.category() == category).toList();
      if (of.isEmpty()) {
        continue;
      }
      out.printf("  %s%n", category);
      for (Finding f : of) {
        out.printf(
            "    %-6s %-28s %-20s %s%n",
            f.severity(), f.dataset() + "." + f.column(), f.type(), f.message());
      }
    }
    if (!result.shifts().isEmpty()) {
      out.printf(
          "  %d metrics moved sharply since audit %s (see the report)%n",
          result.shifts().size(), result.shifts().get(0).previousRunId());
    }
    out.println();
    out.println("Report (HTML):    " + written.html());
    out.println("Report (JSON):    " + written.json());
    out.println("Suggested rules:  " + written.rules());
    out.println("Metrics history:  " + written.metricsTable() + " (Delta)");
    out.flush();
  }
}
