package io.cutover.audit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Everything one audit run found; writers turn it into JSON, HTML, suggested rules and Delta rows.
 * {@code failed} lists the datasets whose audit stopped; the others' profiles and findings are all
 * here.
 */
public record AuditResult(
    String runId,
    String migration,
    String specHash,
    Instant startedAt,
    Instant finishedAt,
    List<DatasetProfile> datasets,
    List<Finding> findings,
    List<MetricShift> shifts,
    List<FailedDataset> failed) {

  public AuditResult(
      String runId,
      String migration,
      String specHash,
      Instant startedAt,
      Instant finishedAt,
      List<DatasetProfile> datasets,
      List<Finding> findings,
      List<MetricShift> shifts) {
    this(runId, migration, specHash, startedAt, finishedAt, datasets, findings, shifts, List.of());
  }

  public AuditResult {
    datasets = List.copyOf(datasets);
    findings =
        findings.stream()
            .sorted(
                Comparator.comparing(Finding::severity)
                    .thenComparing(Finding::dataset)
                    .thenComparing(Finding::column)
                    .thenComparing(Finding::type))
            .toList();
    shifts = List.copyOf(shifts);
    failed = List.copyOf(failed);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  public long count(Category category) {
    return findings.stream().filter(f -> f.category() == category).count();
  }
}
