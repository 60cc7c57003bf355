package io.cutover.reconcile;

import java.time.Instant;

/**
 * Where one cohort stands: the stage run its staged rows come from now and the newest verdict on
 * that very run. A verdict on an earlier run (staged again or rolled back since) is kept as {@code
 * lastVerdict} but does not count.
 *
 * @param stageRunId the current stage run, null when none
 * @param lastVerdict the newest verdict on any run of the cohort, null when never reconciled
 * @param stagedByTable staged rows of each staged table of the current run (the cohort source's
 *     first; empty for a run recorded before there were several tables, or none)
 */
public record CohortStatus(
    String cohort,
    State state,
    String stageRunId,
    Instant stagedAt,
    long stagedRows,
    String lastVerdict,
    String lastVerdictStageRunId,
    Instant checkedAt,
    java.util.Map<String, Long> stagedByTable) {

  public CohortStatus {
    stagedByTable =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stagedByTable));
  }

  /** PASS, WARN and FAIL only for a verdict on the current stage run. */
  public enum State {
    NOT_STAGED,
    ROLLED_BACK,
    STAGED,
    PASS,
    WARN,
    FAIL
  }

  /** True when the newest verdict was given on a stage run the cohort no longer holds. */
  public boolean verdictIsStale() {
    return lastVerdict != null && !lastVerdictStageRunId.equals(stageRunId);
  }
}
