package io.cutover.audit;

import io.cutover.core.run.RunIds;
import java.time.Instant;
import java.util.List;

/**
 * One audit run: which sources (all when empty), the run id, and "now" (abandoned columns and
 * future dates are judged against it; tests pin it).
 */
public record AuditOptions(List<String> datasets, String runId, Instant now) {

  public AuditOptions {
    datasets = List.copyOf(datasets);
  }

  public static AuditOptions allDatasets() {
    Instant now = Instant.now();
    return new AuditOptions(List.of(), RunIds.next(now), now);
  }
}
