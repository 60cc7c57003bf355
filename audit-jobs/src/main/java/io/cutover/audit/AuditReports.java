package io.cutover.audit;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.SparkSession;

/**
 * Writes an audit's outputs: report.json, report.html and suggested-rules.conf in reports/audit/RUN
 * (all or nothing: written in a temporary folder, then renamed), a LATEST pointer, and the run's
 * rows in the metrics history (one Delta commit, and a JSON Lines file of the run beside it).
 */
public final class AuditReports {
  private final SparkSession spark;
  private final MigrationSpec spec;

  public AuditReports(SparkSession spark, MigrationSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /** Where the report files went. */
  public record Written(Path folder, Path json, Path html, Path rules, String metricsTable) {}

  public Written write(AuditResult result) {
    Path parent = Path.of(spec.reportsPath(), "audit");
    Path folder = parent.resolve(result.runId());
    Path staging = parent.resolve("." + result.runId() + ".tmp");
    try {
      Files.createDirectories(staging);
      Files.writeString(
          staging.resolve("report.json"), AuditJsonWriter.render(result), StandardCharsets.UTF_8);
      AuditHtmlWriter.write(result, staging.resolve("report.html"));
      Files.writeString(
          staging.resolve("suggested-rules.conf"),
          SuggestedRulesWriter.render(result),
          StandardCharsets.UTF_8);
      Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
      // Per run, so that two audits finishing together never write the same temporary file.
      Path latest = parent.resolve(".LATEST-" + result.runId() + ".tmp");
      Files.writeString(latest, result.runId() + "\n", StandardCharsets.UTF_8);
      Files.move(
          latest,
          parent.resolve("LATEST"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UncheckedIOException e) {
      throw CutoverException.runtime(
          "Cannot write the audit reports under "
              + parent
              + ": "
              + e.getMessage()
              + ". Check that the reports path in the spec is a writable local folder.",
          e);
    }
    MetricsHistory history = new MetricsHistory(spark, AuditJob.metricsPath(spec));
    history.append(result);
    AuditMetricsJsonLines.write(spec, result);
    return new Written(
        folder,
        folder.resolve("report.json"),
        folder.resolve("report.html"),
        folder.resolve("suggested-rules.conf"),
        history.path());
  }
}
