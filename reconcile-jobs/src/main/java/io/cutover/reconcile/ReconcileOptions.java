package io.cutover.reconcile;

import io.cutover.core.run.RunIds;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One reconcile run: the cohorts (named, or none for every staged cohort), the run id and the
 * clock. Reconciling several cohorts is one pass over the source; each cohort still gets its own
 * verdict and, when there are several, its own run id {@code <run>-<cohort>}. {@code hashesFrom} is
 * the fewest legacy rows (of the cohorts checked, as their stage runs counted them) for which the
 * hashes stage recorded stand in for the rules ({@link #HASHES_FROM} by default).
 */
public record ReconcileOptions(List<String> cohorts, String runId, Instant now, long hashesFrom) {
  /** The cohort selection that means every cohort with a stage run. */
  public static final String ALL = "all";

  /**
   * Below this many legacy rows every row goes through the rules: the hashes' comparison costs more
   * Spark jobs than the rules over so few rows cost (a phone parse is microseconds).
   */
  public static final long HASHES_FROM = 100_000;

  public ReconcileOptions {
    cohorts = List.copyOf(cohorts);
    if (hashesFrom < 0) {
      throw new IllegalArgumentException("hashesFrom must be at least 0, not " + hashesFrom);
    }
  }

  /** The same run, with the hashes standing in for the rules from {@code rows} legacy rows. */
  public ReconcileOptions withHashesFrom(long rows) {
    return new ReconcileOptions(cohorts, runId, now, rows);
  }

  /** From the command line: a cohort id, a comma-separated list of them, or {@value #ALL}. */
  public static ReconcileOptions of(String selection) {
    Instant now = Instant.now();
    List<String> cohorts =
        selection.trim().equals(ALL)
            ? List.of()
            : Arrays.stream(selection.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    return new ReconcileOptions(cohorts, RunIds.next(now), now, HASHES_FROM);
  }

  public boolean allStaged() {
    return cohorts.isEmpty();
  }

  /** The run id of one cohort's result: the run's own when it checks one named cohort. */
  public String runIdOf(String cohort) {
    return cohorts.size() == 1 ? runId : runId + "-" + cohort;
  }
}
