package io.cutover.reconcile;

import io.cutover.core.delta.CohortRuns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.TargetSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The stage run a cohort's staged rows come from now: its latest committed one, unless rolled back
 * ({@link CohortRuns}).
 */
record StageRun(
    String cohort,
    String runId,
    String rulesHash,
    long sourceRows,
    long staged,
    long quarantined,
    long excluded,
    long merged,
    Instant startedAt,
    Map<String, String> tableRulesHashes) {

  /** The rule-set hash of each staged table the run recorded, by table. */
  private static Map<String, String> rulesHashes(org.apache.spark.sql.Row run) {
    Map<String, String> out = new TreeMap<>();
    CohortRuns.tablesOf(run).forEach((table, t) -> out.put(table, t.getAs("rules_hash")));
    return out;
  }

  /**
   * The current stage run of each cohort asked for (every cohort with one when {@code cohorts} is
   * empty), by cohort, from one read of the runs table. A cohort asked for by name and never staged
   * is a bad-input error: an unstaged cohort cannot PASS.
   */
  static Map<String, StageRun> latest(SparkSession spark, TargetSpec target, List<String> cohorts) {
    Map<String, StageRun> out = new TreeMap<>();
    CohortRuns runs = CohortRuns.read(spark, target.runsPath(), cohorts);
    for (String cohort : cohorts.isEmpty() ? runs.staged() : cohorts) {
      runs.current(cohort)
          .ifPresent(
              r ->
                  out.put(
                      cohort,
                      new StageRun(
                          cohort,
                          r.getAs("run_id"),
                          r.getAs("rules_hash"),
                          r.<Long>getAs("source_rows"),
                          r.<Long>getAs("staged"),
                          r.<Long>getAs("quarantined"),
                          r.<Long>getAs("excluded"),
                          r.<Long>getAs("merged"),
                          r.<java.sql.Timestamp>getAs("started_at").toInstant(),
                          rulesHashes(r))));
    }
    List<String> undone =
        cohorts.stream().filter(c -> !out.containsKey(c) && runs.everStaged(c)).toList();
    if (!undone.isEmpty()) {
      throw CutoverException.badInput(
          "cohort "
              + undone.get(0)
              + " holds no stage run: every one was rolled back (see "
              + target.runsPath()
              + "): run 'cutover stage --cohort "
              + undone.get(0)
              + "' first; an unstaged cohort cannot PASS");
    }
    List<String> never = cohorts.stream().filter(c -> !out.containsKey(c)).toList();
    if (!never.isEmpty()) {
      String which =
          never.size() == 1
              ? "cohort " + never.get(0) + " was"
              : "cohorts " + String.join(", ", never) + " were";
      throw CutoverException.badInput(
          which
              + " never staged (no stage run in "
              + target.runsPath()
              + "): run 'cutover stage --cohort "
              + never.get(0)
              + "' (or --cohort all) first; an unstaged cohort cannot PASS");
    }
    if (out.isEmpty()) {
      throw CutoverException.badInput(
          "no cohort holds a stage run (none in "
              + target.runsPath()
              + ", or every one was rolled back):"
              + " run 'cutover stage --cohort all' or stage a cohort first; there is nothing to reconcile");
    }
    return out;
  }
}
