package io.cutover.transform;

import io.cutover.core.run.RunIds;
import java.time.Instant;

/**
 * One stage run: the cohort ({@link #ALL_COHORTS} for every cohort in one pass), whether to write
 * anything, the run id and the clock (tests pin it).
 */
public record StageOptions(String cohort, Mode mode, String runId, Instant now) {

  /**
   * The cohort value that stages every cohort of the migration in one run: one scan, one commit per
   * table.
   */
  public static final String ALL_COHORTS = "all";

  /** WRITE commits the cohort; DRY_RUN computes the same counts and samples and writes nothing. */
  public enum Mode {
    WRITE,
    DRY_RUN
  }

  public static StageOptions of(String cohort, Mode mode) {
    Instant now = Instant.now();
    return new StageOptions(cohort, mode, RunIds.next(now), now);
  }

  public boolean allCohorts() {
    return ALL_COHORTS.equals(cohort);
  }
}
