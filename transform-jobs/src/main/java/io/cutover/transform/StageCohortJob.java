package io.cutover.transform;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Stages one cohort: reads the legacy rows of the cohort, applies the spec's rules, and writes staged rows,
 * quarantined rows (with rule and reason) and excluded or merged rows (with rule) into Delta tables, checking
 * before it reports success that every source row went exactly one way.
 *
 * <p>Cost: one scan of the source (the cohort is computed from the key, so the whole source is read), one pass
 * over the cached result of the rules for the counts, three Delta writes from the cache (the staged one replaces
 * exactly the cohort's partition with {@code replaceWhere}, atomically), then metadata-cheap counts for the
 * conservation check. A deduplicate rule adds one shuffle. Tune with Spark's own settings (shuffle partitions).
 */
public final class StageCohortJob {
    private final SparkSession spark;
    private final MigrationSpec spec;
    private final StageOptions options;
    private final Progress progress;

    public StageCohortJob(SparkSession spark, MigrationSpec spec, StageOptions options, Progress progress) {
        this.spark = spark;
        this.spec = spec;
        this.options = options;
        this.progress = progress;
    }

    public StageResult run() {
        String cohort = spec.cohorts().require(options.cohort());
        SparkSession session = LegacyDataSession.cloneOf(spark);
        SourceSpec source = spec.customers();
        RuleCompiler compiler = new RuleCompiler(spec, source, LocalDate.ofInstant(options.now(), ZoneOffset.UTC));
        describe(session, "reading " + source.name() + " and compiling " + spec.rulesOf(source.name()).size() + " rules for cohort " + cohort);
        Dataset<Row> legacy = compiler.withCohort(new SourceReader(session).read(source));
        Dataset<Row> ofCohort = legacy.filter(legacy.col(StageColumns.COHORT).equalTo(cohort));
        RuleCompiler.Compiled compiled = compiler.compile(ofCohort);
        Dataset<Row> rows = compiled.rows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            describe(session, "applying the rules to cohort " + cohort + " and counting where each row goes");
            Counts counts = Counts.of(rows);
            if (options.mode() == StageOptions.Mode.DRY_RUN) {
                return result(compiler, counts, -1, samples(rows, source));
            }
            return write(session, compiler, compiled, rows, counts);
        } finally {
            rows.unpersist();
        }
    }

    private StageResult write(SparkSession session, RuleCompiler compiler, RuleCompiler.Compiled compiled, Dataset<Row> rows, Counts counts) {
        String cohort = options.cohort();
        StageTables tables = new StageTables(session, spec.target());
        tables.ensureStaged(compiled.tableSchema());
        long before = tables.stagedVersion();
        Timestamp at = Timestamp.from(options.now());
        Column outcome = rows.col(StageColumns.OUTCOME);
        describe(session, "writing " + counts.quarantined + " quarantined rows");
        rows.filter(outcome.getField("kind").equalTo(StageColumns.QUARANTINE))
                .select(functions.lit(options.runId()).as("run_id"), rows.col(StageColumns.COHORT), outcome.getField("rule").as("rule"),
                        outcome.getField("reason").as("reason"), rows.col(StageColumns.RAW).as("raw"), functions.lit(at).as("staged_at"))
                .write().format("delta").mode("append").partitionBy(StageColumns.COHORT).save(spec.target().quarantinePath());
        describe(session, "writing " + (counts.excluded + counts.merged) + " excluded and merged rows");
        rows.filter(outcome.getField("kind").isin(StageColumns.EXCLUDED, StageColumns.MERGED))
                .select(functions.lit(options.runId()).as("run_id"), rows.col(StageColumns.COHORT), outcome.getField("kind").as("kind"),
                        outcome.getField("rule").as("rule"), outcome.getField("reason").as("reason"), rows.col(StageColumns.RAW).as("raw"),
                        functions.lit(at).as("staged_at"))
                .write().format("delta").mode("append").partitionBy(StageColumns.COHORT).save(spec.target().exclusionsPath());
        describe(session, "replacing cohort " + cohort + " in " + spec.target().stagedPath() + " (" + counts.staged + " rows, one Delta commit)");
        compiled.staged().write().format("delta").mode("overwrite")
                .option("replaceWhere", StageColumns.COHORT + " = '" + cohort + "'")
                .save(spec.target().stagedPath());
        long version = tables.stagedVersion();
        describe(session, "checking conservation from the written tables");
        Counts written = Counts.fromTables(session, spec.target(), cohort, options.runId(), version);
        if (written.accounted() != counts.total || written.staged != counts.staged) {
            restore(session, before);
            throw CutoverException.runtime("Cohort " + cohort + " does not add up after writing: " + counts.total + " source rows, but the tables hold "
                    + written.staged + " staged + " + written.quarantined + " quarantined + " + written.excluded + " excluded + " + written.merged
                    + " merged. The staged table was restored to version " + before + "; nothing is reported as staged.", null);
        }
        StageResult result = result(compiler, counts, version, Map.of());
        new StageRunLog(session, spec).append(result);
        return result;
    }

    private void restore(SparkSession session, long before) {
        DeltaTable staged = DeltaTable.forPath(session, spec.target().stagedPath());
        if (before >= 0) {
            staged.restoreToVersion(before);
        } else {
            staged.delete(functions.col(StageColumns.COHORT).equalTo(options.cohort()));
        }
    }

    private StageResult result(RuleCompiler compiler, Counts counts, long version, Map<String, List<String>> samples) {
        return new StageResult(options.runId(), options.cohort(), options.mode() == StageOptions.Mode.DRY_RUN, spec.hash(), compiler.rulesHash(),
                counts.total, counts.staged, counts.quarantined, counts.excluded, counts.merged, counts.byRule, version, samples, options.now(), Instant.now());
    }

    /** Up to three masked raw rows per quarantine reason, for a dry run. */
    private Map<String, List<String>> samples(Dataset<Row> rows, SourceSpec source) {
        Column outcome = rows.col(StageColumns.OUTCOME);
        org.apache.spark.sql.expressions.WindowSpec byReason = org.apache.spark.sql.expressions.Window
                .partitionBy(outcome.getField("rule"), outcome.getField("reason")).orderBy(rows.col(StageColumns.RAW));
        List<Row> picked = rows.filter(outcome.getField("kind").equalTo(StageColumns.QUARANTINE))
                .withColumn("_n", functions.row_number().over(byReason)).filter("_n <= 3")
                .select(outcome.getField("rule"), outcome.getField("reason"), rows.col(StageColumns.RAW)).collectAsList();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Row r : picked) {
            String masked = Masking.maskJson(r.getString(2), c -> source.isPii(c) || Masking.looksPersonal(c));
            out.computeIfAbsent(r.getString(0) + ": " + r.getString(1), k -> new java.util.ArrayList<>()).add(masked);
        }
        return out;
    }

    private void describe(SparkSession session, String stage) {
        progress.stage(stage);
        session.sparkContext().setJobDescription("stage " + stage);
    }
}
