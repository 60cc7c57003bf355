package io.cutover.reconcile;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.TargetSpec;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/** The latest committed stage run of a cohort, as the runs table records it. */
record StageRun(String cohort, String runId, String rulesHash, long sourceRows, long staged, long quarantined, long excluded, long merged,
        Instant startedAt) {

    /**
     * The latest stage run of each cohort asked for (every cohort with one when {@code cohorts} is empty), by
     * cohort, from one read of the runs table. A cohort asked for by name and never staged is a bad-input error:
     * an unstaged cohort cannot PASS.
     */
    static Map<String, StageRun> latest(SparkSession spark, TargetSpec target, List<String> cohorts) {
        Map<String, StageRun> out = new TreeMap<>();
        if (DeltaTable.isDeltaTable(spark, target.runsPath())) {
            Dataset<Row> runs = spark.read().format("delta").load(target.runsPath()).filter(functions.col("kind").equalTo("stage"));
            Column cohort = functions.col(StageColumns.COHORT);
            if (!cohorts.isEmpty()) {
                runs = runs.filter(cohort.isin(cohorts.toArray()));
            }
            List<Row> rows = runs.withColumn("_n", functions.row_number().over(Window.partitionBy(cohort).orderBy(functions.col("finished_at").desc())))
                    .filter("_n = 1").collectAsList();
            for (Row r : rows) {
                StageRun run = new StageRun(r.getAs(StageColumns.COHORT), r.getAs("run_id"), r.getAs("rules_hash"), r.<Long>getAs("source_rows"),
                        r.<Long>getAs("staged"), r.<Long>getAs("quarantined"), r.<Long>getAs("excluded"), r.<Long>getAs("merged"),
                        r.<java.sql.Timestamp>getAs("started_at").toInstant());
                out.put(run.cohort(), run);
            }
        }
        List<String> never = cohorts.stream().filter(c -> !out.containsKey(c)).toList();
        if (!never.isEmpty()) {
            String which = never.size() == 1 ? "cohort " + never.get(0) + " was" : "cohorts " + String.join(", ", never) + " were";
            throw CutoverException.badInput(which + " never staged (no stage run in " + target.runsPath() + "): run 'cutover stage --cohort "
                    + never.get(0) + "' (or --cohort all) first; an unstaged cohort cannot PASS");
        }
        if (out.isEmpty()) {
            throw CutoverException.badInput("no cohort was ever staged (no stage run in " + target.runsPath() + "): run 'cutover stage --cohort all'"
                    + " or stage a cohort first; there is nothing to reconcile");
        }
        return out;
    }
}
