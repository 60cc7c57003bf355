package io.cutover.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * A cohort's reconciliation: the verdict (the worst of its checks), each check, and which stage run
 * and staged Delta version were checked.
 */
public record ReconcileResult(
    String runId,
    String cohort,
    Verdict verdict,
    List<CheckOutcome> checks,
    String stageRunId,
    long stagedVersion,
    Instant startedAt,
    Instant finishedAt) {

  public ReconcileResult {
    checks = List.copyOf(checks);
  }

  /** One line per check that is not PASS. */
  public List<String> reasons() {
    return checks.stream()
        .filter(c -> c.verdict() != Verdict.PASS)
        .map(c -> c.check() + ": " + c.message())
        .toList();
  }
}
