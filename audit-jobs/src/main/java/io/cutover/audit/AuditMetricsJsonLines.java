package io.cutover.audit;

import io.cutover.core.report.JsonLinesFile;
import io.cutover.core.spec.MigrationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's metrics history as JSON Lines, one file per run in {@code
 * <reports>/audit-metrics-jsonl/RUN.jsonl} beside the Delta table: the same rows ({@link
 * MetricsHistory#metrics}), one a line, so a notebook charts trends without Spark.
 */
public final class AuditMetricsJsonLines {
  public static final String FORMAT = "cutover.audit.metric/1";

  private AuditMetricsJsonLines() {}

  public static Path folder(MigrationSpec spec) {
    return Path.of(AuditJob.metricsPath(spec) + "-jsonl");
  }

  /** Writes the run's file; returns its path. */
  public static Path write(MigrationSpec spec, AuditResult result) {
    List<Map<String, Object>> rows = new ArrayList<>();
    String time = result.startedAt().toString();
    MetricsHistory.metrics(result)
        .forEach(
            (key, value) -> {
              String[] parts = key.split("\u0001", 3);
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("format", FORMAT);
              row.put("run_id", result.runId());
              row.put("run_time", time);
              row.put("migration", result.migration());
              row.put("dataset", parts[0]);
              row.put("column", parts[1]);
              row.put("metric", parts[2]);
              row.put("value", value);
              rows.add(row);
            });
    return JsonLinesFile.write(folder(spec), result.runId(), rows);
  }
}
