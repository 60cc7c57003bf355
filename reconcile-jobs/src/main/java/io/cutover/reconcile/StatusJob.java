package io.cutover.reconcile;

import io.cutover.core.delta.CohortRuns;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Each cohort's state from the tables themselves: the runs table (stage runs and rollbacks, {@link
 * CohortRuns}) and the verdicts table. Reads metadata-sized tables only, never the source or the
 * staged rows.
 */
public final class StatusJob {
  private final SparkSession spark;
  private final MigrationSpec spec;
  private final List<String> cohorts;
  private final Progress progress;

  /** {@code cohorts}: the cohorts to report, every cohort of the migration when empty. */
  public StatusJob(
      SparkSession spark, MigrationSpec spec, List<String> cohorts, Progress progress) {
    this.spark = spark;
    this.spec = spec;
    this.cohorts =
        cohorts.isEmpty()
            ? spec.cohorts().ids()
            : cohorts.stream().map(spec.cohorts()::require).toList();
    this.progress = progress;
  }

  public List<CohortStatus> run() {
    progress.stage(
        "reading the runs and verdicts of "
            + (cohorts.size() == 1 ? "cohort " + cohorts.get(0) : cohorts.size() + " cohorts"));
    CohortRuns runs = CohortRuns.read(spark, spec.target().runsPath(), cohorts);
    Map<String, Row> verdicts = newestVerdicts();
    List<CohortStatus> out = new ArrayList<>();
    for (String cohort : cohorts) {
      Optional<Row> run = runs.current(cohort);
      Row verdict = verdicts.get(cohort);
      String runId = run.map(r -> r.<String>getAs("run_id")).orElse(null);
      CohortStatus.State state;
      if (run.isEmpty()) {
        state =
            runs.everStaged(cohort)
                ? CohortStatus.State.ROLLED_BACK
                : CohortStatus.State.NOT_STAGED;
      } else if (verdict != null && runId.equals(verdict.getAs("stage_run_id"))) {
        state = CohortStatus.State.valueOf(verdict.getAs("verdict"));
      } else {
        state = CohortStatus.State.STAGED;
      }
      out.add(
          new CohortStatus(
              cohort,
              state,
              runId,
              run.map(r -> r.<Timestamp>getAs("finished_at").toInstant()).orElse(null),
              run.map(r -> r.<Long>getAs("staged")).orElse(0L),
              verdict == null ? null : verdict.getAs("verdict"),
              verdict == null ? null : verdict.getAs("stage_run_id"),
              verdict == null ? null : verdict.<Timestamp>getAs("checked_at").toInstant(),
              run.map(this::stagedByTable).orElse(Map.of())));
    }
    return out;
  }

  /**
   * The rows the run staged per table; a run recorded before stage wrote one table per source
   * staged the cohort source only.
   */
  private Map<String, Long> stagedByTable(Row run) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    CohortRuns.tablesOf(run).forEach((table, t) -> out.put(table, t.<Long>getAs("staged")));
    if (out.isEmpty()) {
      out.put(spec.cohorts().source(), run.<Long>getAs("staged"));
    }
    return out;
  }

  /** The newest verdict of each cohort asked for, by check time (then run id). */
  private Map<String, Row> newestVerdicts() {
    Map<String, Row> out = new HashMap<>();
    String path = spec.target().verdictsPath();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return out;
    }
    org.apache.spark.sql.Column cohort = functions.col(StageColumns.COHORT);
    spark
        .read()
        .format("delta")
        .load(path)
        .filter(cohort.isin(cohorts.toArray()))
        .withColumn(
            "_n",
            functions
                .row_number()
                .over(
                    Window.partitionBy(cohort)
                        .orderBy(
                            functions.col("checked_at").desc(), functions.col("run_id").desc())))
        .filter("_n = 1")
        .collectAsList()
        .forEach(r -> out.put(r.getAs(StageColumns.COHORT), r));
    return out;
  }
}
