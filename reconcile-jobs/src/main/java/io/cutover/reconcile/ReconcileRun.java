package io.cutover.reconcile;

import java.util.List;

/**
 * A reconcile run over one or more cohorts: a result per cohort (sorted by cohort), and, when every
 * staged cohort was asked for, the cohorts of the migration that have no stage run yet (not
 * checked, so not PASS either).
 */
public record ReconcileRun(String runId, List<ReconcileResult> cohorts, List<String> notStaged) {

  public ReconcileRun {
    cohorts = List.copyOf(cohorts);
    notStaged = List.copyOf(notStaged);
  }

  /** The worst verdict of the cohorts checked. */
  public Verdict verdict() {
    return cohorts.stream().map(ReconcileResult::verdict).reduce(Verdict.PASS, Verdict::worst);
  }

  /** The result of a run over one cohort. */
  public ReconcileResult only() {
    if (cohorts.size() != 1) {
      throw new IllegalStateException(
          "run " + runId + " checked " + cohorts.size() + " cohorts, not one");
    }
    return cohorts.get(0);
  }

  public long count(Verdict verdict) {
    return cohorts.stream().filter(r -> r.verdict() == verdict).count();
  }
}
