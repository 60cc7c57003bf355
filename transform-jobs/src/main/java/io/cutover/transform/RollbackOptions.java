package io.cutover.transform;

import io.cutover.core.run.RunIds;
import java.time.Instant;

/** One rollback: the cohort, whether to write anything, the run id and the clock (tests pin it). */
public record RollbackOptions(String cohort, boolean dryRun, String runId, Instant now) {

  public static RollbackOptions of(String cohort, boolean dryRun) {
    Instant now = Instant.now();
    return new RollbackOptions(cohort, dryRun, RunIds.next(now), now);
  }
}
