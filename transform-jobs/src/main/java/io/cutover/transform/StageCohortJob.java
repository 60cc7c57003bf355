package io.cutover.transform;

import io.cutover.core.delta.AppendOnlyTable;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Stages one cohort, or with {@link StageOptions#ALL_COHORTS} every cohort at once: reads the legacy rows of the
 * cohort, applies the spec's rules, and writes staged rows, quarantined rows (with rule and reason) and excluded or
 * merged rows (with rule) into Delta tables, checking before it reports success that every source row went exactly
 * one way.
 *
 * <p>Cost: one scan of the source (the cohort is computed from the key, so the whole source is read), one pass
 * over the cached result of the rules for the counts, three Delta writes from the cache (the staged one replaces
 * exactly the cohort's partition with {@code replaceWhere}, atomically; for all cohorts the whole table), then
 * metadata-cheap counts for the conservation check. A deduplicate rule adds one shuffle. Staging all cohorts in
 * one run costs one scan instead of one per cohort; each cohort still gets its own run id
 * ({@code <run>-<cohort>}) and run record, so reconcile and rollback see the same records as after one run per
 * cohort. Spark's shuffle partitions are scaled to the share of cohorts staged (one cohort of 100: 1%, never below
 * the parallelism), since the cached rows keep the deduplication shuffle's partitions.
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
        List<String> cohorts = options.allCohorts() ? spec.cohorts().ids() : List.of(spec.cohorts().require(options.cohort()));
        SparkSession session = LegacyDataSession.cloneOf(spark);
        LegacyDataSession.scaleShufflePartitions(session, cohorts.size(), spec.cohorts().count());
        SourceSpec source = spec.customers();
        RuleCompiler compiler = new RuleCompiler(spec, source, LocalDate.ofInstant(options.now(), ZoneOffset.UTC));
        describe(session, "reading " + source.name() + " and compiling " + spec.rulesOf(source.name()).size() + " rules for " + what());
        Dataset<Row> legacy = compiler.withCohort(new SourceReader(session).read(source));
        Dataset<Row> selected = options.allCohorts() ? legacy : legacy.filter(legacy.col(StageColumns.COHORT).equalTo(options.cohort()));
        RuleCompiler.Compiled compiled = compiler.compile(selected);
        Dataset<Row> rows = compiled.rows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            describe(session, "applying the rules to " + what() + " and counting where each row goes");
            Map<String, Counts> counts = new TreeMap<>();
            cohorts.forEach(c -> counts.put(c, new Counts()));
            counts.putAll(Counts.byCohort(rows));
            if (options.mode() == StageOptions.Mode.DRY_RUN) {
                return result(compiler, options.cohort(), options.runId(), Counts.sum(counts.values()), -1, samples(rows, source));
            }
            return write(session, compiler, compiled, rows, counts);
        } finally {
            rows.unpersist();
        }
    }

    private StageResult write(SparkSession session, RuleCompiler compiler, RuleCompiler.Compiled compiled, Dataset<Row> rows, Map<String, Counts> counts) {
        Counts all = Counts.sum(counts.values());
        StageTables tables = new StageTables(session, spec.target());
        tables.ensureStaged(compiled.tableSchema());
        long before = tables.stagedVersion();
        Timestamp at = Timestamp.from(options.now());
        Column outcome = rows.col(StageColumns.OUTCOME);
        Column runId = runIdOf(rows.col(StageColumns.COHORT)).as("run_id");
        describe(session, "writing " + all.quarantined + " quarantined rows");
        AppendOnlyTable.append(rows.filter(outcome.getField("kind").equalTo(StageColumns.QUARANTINE))
                .select(runId, rows.col(StageColumns.COHORT), outcome.getField("rule").as("rule"),
                        outcome.getField("reason").as("reason"), rows.col(StageColumns.RAW).as("raw"), functions.lit(at).as("staged_at"),
                        rows.col(StageColumns.SOURCE_HASH).as(StageColumns.REJECTED_SOURCE_HASH)),
                spec.target().quarantinePath(), StageColumns.COHORT);
        describe(session, "writing " + (all.excluded + all.merged) + " excluded and merged rows");
        AppendOnlyTable.append(rows.filter(outcome.getField("kind").isin(StageColumns.EXCLUDED, StageColumns.MERGED))
                .select(runId, rows.col(StageColumns.COHORT), outcome.getField("kind").as("kind"),
                        outcome.getField("rule").as("rule"), outcome.getField("reason").as("reason"), rows.col(StageColumns.RAW).as("raw"),
                        functions.lit(at).as("staged_at"), rows.col(StageColumns.SOURCE_HASH).as(StageColumns.REJECTED_SOURCE_HASH)),
                spec.target().exclusionsPath(), StageColumns.COHORT);
        describe(session, "replacing " + what() + " in " + spec.target().stagedPath() + " (" + all.staged + " rows, one Delta commit)");
        // The run id on the commit: another cohort's stage may commit in between, so "the latest version" is not ours.
        org.apache.spark.sql.DataFrameWriter<Row> staged = compiled.staged().write().format("delta").mode("overwrite").option("userMetadata", options.runId());
        if (!options.allCohorts()) {
            staged = staged.option("replaceWhere", StageColumns.COHORT + " = '" + options.cohort() + "'");
        }
        staged.save(spec.target().stagedPath());
        long version = tables.versionOf(options.runId(), before);
        describe(session, "checking conservation from the written tables");
        Column cohortFilter = functions.col(StageColumns.COHORT).isin(counts.keySet().toArray());
        Map<String, Counts> written = Counts.fromTables(session, spec.target(), cohortFilter, runIdOf(functions.col(StageColumns.COHORT)), version);
        for (Map.Entry<String, Counts> e : counts.entrySet()) {
            Counts w = written.getOrDefault(e.getKey(), new Counts());
            if (w.accounted() != e.getValue().total || w.staged != e.getValue().staged) {
                CohortRestore.restore(session, spec.target().stagedPath(), before, counts.keySet(), options.runId() + " undone");
                throw CutoverException.runtime("Cohort " + e.getKey() + " does not add up after writing: " + e.getValue().total + " source rows, but the tables hold "
                        + w.staged + " staged + " + w.quarantined + " quarantined + " + w.excluded + " excluded + " + w.merged
                        + " merged. The run's cohorts were put back as they were at version " + before + "; nothing is reported as staged.", null);
            }
        }
        List<StageResult> perCohort = new ArrayList<>();
        counts.forEach((cohort, c) -> perCohort.add(result(compiler, cohort, runIdOf(cohort), c, version, Map.of())));
        new StageRunLog(session, spec).append(perCohort);
        return options.allCohorts() ? result(compiler, options.cohort(), options.runId(), all, version, Map.of()) : perCohort.get(0);
    }

    /** The run id the rows and record of a cohort carry: the run's own for one cohort, {@code <run>-<cohort>} for all. */
    private String runIdOf(String cohort) {
        return options.allCohorts() ? options.runId() + "-" + cohort : options.runId();
    }

    private Column runIdOf(Column cohort) {
        return options.allCohorts() ? functions.concat(functions.lit(options.runId() + "-"), cohort) : functions.lit(options.runId());
    }

    private String what() {
        return options.allCohorts() ? "all " + spec.cohorts().count() + " cohorts" : "cohort " + options.cohort();
    }

    private StageResult result(RuleCompiler compiler, String cohort, String runId, Counts counts, long version, Map<String, List<String>> samples) {
        return new StageResult(runId, cohort, options.mode() == StageOptions.Mode.DRY_RUN, spec.hash(), compiler.rulesHash(),
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
            String masked = Masking.maskJson(r.getString(2), source::isPersonal);
            out.computeIfAbsent(r.getString(0) + ": " + r.getString(1), k -> new java.util.ArrayList<>()).add(masked);
        }
        return out;
    }

    private void describe(SparkSession session, String stage) {
        progress.stage(stage);
        session.sparkContext().setJobDescription("stage " + stage);
    }
}
