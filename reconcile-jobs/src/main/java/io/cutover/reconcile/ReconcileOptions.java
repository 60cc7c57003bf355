package io.cutover.reconcile;

import io.cutover.core.run.RunIds;
import java.time.Instant;

/** One reconcile run: the cohort, the run id and the clock. */
public record ReconcileOptions(String cohort, String runId, Instant now) {

    public static ReconcileOptions of(String cohort) {
        Instant now = Instant.now();
        return new ReconcileOptions(cohort, RunIds.next(now), now);
    }
}
