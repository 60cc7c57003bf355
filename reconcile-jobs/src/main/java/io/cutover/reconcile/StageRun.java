package io.cutover.reconcile;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.TargetSpec;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** The latest committed stage run of a cohort, as the runs table records it. */
record StageRun(String runId, String rulesHash, long sourceRows, long staged, long quarantined, long excluded, long merged, Instant startedAt) {

    static StageRun latest(SparkSession spark, TargetSpec target, String cohort) {
        String never = "cohort " + cohort + " was never staged (no stage run in " + target.runsPath() + "): run 'cutover stage --cohort " + cohort
                + "' first; an unstaged cohort cannot PASS";
        if (!DeltaTable.isDeltaTable(spark, target.runsPath())) {
            throw CutoverException.badInput(never);
        }
        List<Row> rows = spark.read().format("delta").load(target.runsPath())
                .filter(functions.col(StageColumns.COHORT).equalTo(cohort).and(functions.col("kind").equalTo("stage")))
                .orderBy(functions.col("finished_at").desc()).limit(1).collectAsList();
        if (rows.isEmpty()) {
            throw CutoverException.badInput(never);
        }
        Row r = rows.get(0);
        return new StageRun(r.getAs("run_id"), r.getAs("rules_hash"), r.<Long>getAs("source_rows"), r.<Long>getAs("staged"), r.<Long>getAs("quarantined"),
                r.<Long>getAs("excluded"), r.<Long>getAs("merged"), r.<java.sql.Timestamp>getAs("started_at").toInstant());
    }
}
