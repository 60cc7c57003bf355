package io.cutover.transform;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Where a cohort's rows went, counted once over the rules' result or read back from the written tables. */
final class Counts {
    long total;
    long staged;
    long quarantined;
    long excluded;
    long merged;
    final Map<String, Long> byRule = new LinkedHashMap<>();

    /** One aggregation over the rows the rules produced. */
    static Counts of(Dataset<Row> rows) {
        Column outcome = rows.col(StageColumns.OUTCOME);
        Counts c = new Counts();
        for (Row r : rows.groupBy(outcome.getField("kind").as("kind"), outcome.getField("rule").as("rule")).count().orderBy("kind", "rule").collectAsList()) {
            long n = r.getLong(2);
            c.total += n;
            if (r.isNullAt(0)) {
                c.staged += n;
                continue;
            }
            c.add(r.getString(0), n);
            c.byRule.put(r.getString(0) + " " + r.getString(1), n);
        }
        return c;
    }

    /** The same numbers from the tables as committed, for the conservation check. */
    static Counts fromTables(SparkSession spark, TargetSpec target, String cohort, String runId, long stagedVersion) {
        Counts c = new Counts();
        c.staged = spark.read().format("delta").option("versionAsOf", stagedVersion).load(target.stagedPath())
                .filter(functions.col(StageColumns.COHORT).equalTo(cohort)).count();
        c.quarantined = spark.read().format("delta").load(target.quarantinePath())
                .filter(functions.col(StageColumns.COHORT).equalTo(cohort).and(functions.col("run_id").equalTo(runId))).count();
        for (Row r : spark.read().format("delta").load(target.exclusionsPath())
                .filter(functions.col(StageColumns.COHORT).equalTo(cohort).and(functions.col("run_id").equalTo(runId)))
                .groupBy("kind").count().collectAsList()) {
            c.add(r.getString(0), r.getLong(1));
        }
        return c;
    }

    /** The source rows these counts account for. */
    long accounted() {
        return staged + quarantined + excluded + merged;
    }

    private void add(String kind, long n) {
        switch (kind) {
            case StageColumns.QUARANTINE -> quarantined += n;
            case StageColumns.EXCLUDED -> excluded += n;
            case StageColumns.MERGED -> merged += n;
            default -> throw new IllegalStateException("unknown outcome " + kind);
        }
    }
}
