package io.cutover.transform;

import io.cutover.core.delta.CohortRuns;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Undoes a cohort's current stage run with Delta time travel: the cohort's partition of the staged
 * table goes back to what it held just before that run's commit (the rows of the stage run before
 * it, or none), in one atomic commit that touches no other cohort; so does the cohort's partition
 * of every other table the run staged (its customers' orders), each in a commit of its own, before
 * the cohort source's. The runs table then records the rollback, so reconcile checks the cohort
 * against the run it holds again. Quarantine and exclusions are append-only and keep the undone
 * run's rows, under its run id, for the record; nothing counts them once the run is undone.
 *
 * <p>Killed between the commit and its run record, the cohort already holds the earlier rows and
 * the record still names the undone run (reconcile then FAILs on the rows); running the rollback
 * again restores the same rows and writes the record.
 */
public final class RollbackCohortJob {
  private final SparkSession spark;
  private final MigrationSpec spec;
  private final RollbackOptions options;
  private final Progress progress;

  public RollbackCohortJob(
      SparkSession spark, MigrationSpec spec, RollbackOptions options, Progress progress) {
    this.spark = spark;
    this.spec = spec;
    this.options = options;
    this.progress = progress;
  }

  public RollbackResult run() {
    String cohort = spec.cohorts().require(options.cohort());
    SparkSession session = LegacyDataSession.cloneOf(spark);
    String path = spec.target().stagedPath();
    describe(session, "finding the stage runs of cohort " + cohort);
    CohortRuns runs = CohortRuns.read(session, spec.target().runsPath(), List.of(cohort));
    Row undone =
        runs.current(cohort)
            .orElseThrow(
                () ->
                    CutoverException.badInput(
                        "cohort "
                            + cohort
                            + " holds no stage run to roll back ("
                            + (runs.everStaged(cohort)
                                ? "every one was rolled back already"
                                : "it was never staged")
                            + "; see "
                            + spec.target().runsPath()
                            + ")"));
    Optional<Row> restored = runs.previous(cohort);
    if (!DeltaTable.isDeltaTable(session, path)) {
      throw CutoverException.runtime(
          "The runs table names stage run "
              + undone.getAs("run_id")
              + " of cohort "
              + cohort
              + ", but there is no staged table at "
              + path
              + ": restore the table there, or stage the cohort again",
          null);
    }
    long from = undone.<Long>getAs("staged_version") - 1;
    long before = rows(session, path, -1, cohort);
    long after = rowsAt(session, path, from, cohort, undone.getAs("run_id"));
    if (options.dryRun()) {
      return result(cohort, undone, restored, before, after, from, -1);
    }
    describe(
        session,
        "putting cohort "
            + cohort
            + " back as it was before stage run "
            + undone.getAs("run_id")
            + " (Delta version "
            + from
            + ")");
    StageTables tables = new StageTables(session, spec.target());
    long current = tables.stagedVersion();
    restoreOtherTables(session, cohort, undone);
    CohortRestore.restore(session, path, from, Set.of(cohort), options.runId());
    long version = tables.versionOf(options.runId(), current);
    RollbackResult result = result(cohort, undone, restored, before, after, from, version);
    describe(session, "recording the rollback in " + spec.target().runsPath());
    new StageRunLog(session, spec).appendRollback(result, restored);
    return result;
  }

  /**
   * The other staged tables of the run (a customer's orders) go back too, before the cohort
   * source's table: its commit is the one the run record names, so a rollback killed in between is
   * simply run again.
   */
  private void restoreOtherTables(SparkSession session, String cohort, Row undone) {
    Map<String, Long> from = new LinkedHashMap<>();
    for (Row t : CohortRuns.tablesOf(undone).values()) {
      String table = t.getAs("table");
      if (!table.equals(spec.cohorts().source())) {
        from.put(spec.targetOf(table).stagedPath(), t.<Long>getAs("staged_version") - 1);
      }
    }
    // Every version must still be there before any table changes, so a failure leaves all of them
    // as they were.
    from.forEach(
        (tablePath, version) ->
            rowsAt(session, tablePath, version, cohort, undone.getAs("run_id")));
    from.forEach(
        (tablePath, version) -> {
          describe(
              session,
              "putting cohort "
                  + cohort
                  + " of "
                  + tablePath
                  + " back as it was before stage run "
                  + undone.getAs("run_id"));
          CohortRestore.restore(session, tablePath, version, Set.of(cohort), options.runId());
        });
  }

  /**
   * The cohort's rows at {@code version}, which time travel must still reach (VACUUM or log
   * retention may have removed it).
   */
  private long rowsAt(
      SparkSession session, String path, long version, String cohort, String runId) {
    if (version < 0) {
      return 0;
    }
    try {
      return rows(session, path, version, cohort);
    } catch (Exception e) {
      throw CutoverException.runtime(
          "Cannot read version "
              + version
              + " of "
              + path
              + ", the cohort's rows before stage run "
              + runId
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + "). Its log or files were removed (log retention, VACUUM): stage the cohort"
              + " again with the rules you want instead; nothing was changed.",
          e);
    }
  }

  /** {@code version} -1: the latest. */
  private static long rows(SparkSession session, String path, long version, String cohort) {
    org.apache.spark.sql.DataFrameReader reader = session.read().format("delta");
    if (version >= 0) {
      reader = reader.option("versionAsOf", version);
    }
    return reader.load(path).filter(functions.col(StageColumns.COHORT).equalTo(cohort)).count();
  }

  private RollbackResult result(
      String cohort,
      Row undone,
      Optional<Row> restored,
      long before,
      long after,
      long from,
      long version) {
    return new RollbackResult(
        options.runId(),
        cohort,
        options.dryRun(),
        undone.getAs("run_id"),
        restored.map(r -> r.<String>getAs("run_id")).orElse(null),
        before,
        after,
        from,
        version,
        options.now(),
        Instant.now());
  }

  private void describe(SparkSession session, String stage) {
    progress.stage(stage);
    session.sparkContext().setJobDescription("rollback " + stage);
  }
}
