package io.cutover.reconcile;

import io.cutover.core.deequ.DeequVerification;
import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.spec.TargetSpec;
import io.cutover.core.spec.Tolerance;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * Reconciles one staged cohort with its legacy rows: recomputes the expected rows (the legacy rows of the cohort
 * through the rule set recorded on the stage run) and compares them with what the staged table holds now.
 * Checks: rules unchanged, conservation from the tables, target integrity (Deequ), keyed row-level diff (row
 * hashes first, then column by column), aggregate parity, and drift (rows changed in the legacy source after
 * staging are "needs sync", not defects). The verdict is the worst check; a check that cannot run fails.
 *
 * <p>Cost: one scan of the legacy source, one read of the cohort's staged partition, one join on the key,
 * one Deequ pass and one aggregation per side.
 */
public final class ReconcileCohortJob {
    private final SparkSession spark;
    private final MigrationSpec spec;
    private final ReconcileOptions options;
    private final Progress progress;

    public ReconcileCohortJob(SparkSession spark, MigrationSpec spec, ReconcileOptions options, Progress progress) {
        this.spark = spark;
        this.spec = spec;
        this.options = options;
        this.progress = progress;
    }

    public ReconcileResult run() {
        String cohort = spec.cohorts().require(options.cohort());
        SparkSession session = LegacyDataSession.cloneOf(spark);
        TargetSpec target = spec.target();
        StageRun run = StageRun.latest(session, target, cohort);
        long version = DeltaTable.forPath(session, target.stagedPath()).history(1).select("version").first().getLong(0);
        SourceSpec source = spec.customers();
        RuleCompiler compiler = new RuleCompiler(spec, source, LocalDate.ofInstant(run.startedAt(), ZoneOffset.UTC));
        List<CheckOutcome> checks = new ArrayList<>();

        stage(session, "checking the rule set against stage run " + run.runId());
        String hash = compiler.rulesHash();
        checks.add(hash.equals(run.rulesHash())
                ? CheckOutcome.pass("rules", "the spec's rules are the ones stage run " + run.runId() + " used", Map.of("rules_hash", hash))
                : new CheckOutcome("rules", Verdict.FAIL, "the rules changed since stage run " + run.runId() + " (" + run.rulesHash().substring(0, 12) + " then, "
                        + hash.substring(0, 12) + " now): stage the cohort again", Map.of("staged_with", run.rulesHash(), "spec_now", hash), List.of()));

        stage(session, "recomputing the expected rows of cohort " + cohort + " from the legacy source");
        Dataset<Row> legacy = compiler.withCohort(new SourceReader(session).read(source));
        RuleCompiler.Compiled compiled = compiler.compile(legacy.filter(legacy.col(StageColumns.COHORT).equalTo(cohort)));
        List<Tolerance> unknown = spec.reconcile().unknownColumns(new java.util.HashSet<>(compiled.columns()));
        if (!unknown.isEmpty()) {
            throw CutoverException.badInput(String.join("\n", unknown.stream().map(t -> t.origin() + ": reconcile.tolerances." + t.column()
                    + ": the rules stage no column '" + t.column() + "'").toList()) + "\nStaged columns are: " + String.join(", ", compiled.columns()));
        }
        Dataset<Row> expectedAll = compiled.rows().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<String> key = source.key();
            Dataset<Row> drifted = drifted(expectedAll, source, run);
            long driftRows = drifted.count();
            long legacyRows = expectedAll.count();
            Dataset<Row> actualAll = session.read().format("delta").option("versionAsOf", version).load(target.stagedPath())
                    .filter(functions.col(StageColumns.COHORT).equalTo(cohort));
            Dataset<Row> expected = withoutKeys(compiled.staged(), drifted, key);
            Dataset<Row> actual = withoutKeys(actualAll, drifted, key);

            stage(session, "conservation, target integrity, row-level diff and aggregates");
            checks.add(conservation(session, run, version, legacyRows, driftRows));
            checks.add(integrity(actual, key));
            checks.add(rows(expected, actual, key, compiled.columns(), source));
            checks.add(new AggregateParity(spec.reconcile()).check(expected, actual, compiled.columns()));
            checks.add(drift(driftRows, legacyRows, drifted, key, source));
        } finally {
            expectedAll.unpersist();
        }
        Verdict verdict = checks.stream().map(CheckOutcome::verdict).reduce(Verdict.PASS, Verdict::worst);
        return new ReconcileResult(options.runId(), cohort, verdict, checks, run.runId(), version, options.now(), Instant.now());
    }

    /** Legacy rows whose last-updated time is after the stage run started: changed since staging. */
    private static Dataset<Row> drifted(Dataset<Row> expectedAll, SourceSpec source, StageRun run) {
        List<Column> key = source.key().stream().map(k -> expectedAll.col(Sql.column(k))).toList();
        if (source.lastUpdated().isEmpty()) {
            return expectedAll.select(key.toArray(Column[]::new)).limit(0);
        }
        return expectedAll.filter(expectedAll.col(Sql.column(source.lastUpdated().get())).gt(functions.lit(Timestamp.from(run.startedAt()))))
                .select(key.toArray(Column[]::new)).distinct();
    }

    private static Dataset<Row> withoutKeys(Dataset<Row> rows, Dataset<Row> keys, List<String> key) {
        Column on = null;
        for (String k : key) {
            Column eq = rows.col(Sql.column(k)).eqNullSafe(keys.col(Sql.column(k)));
            on = on == null ? eq : on.and(eq);
        }
        return rows.join(keys, on, "left_anti");
    }

    private CheckOutcome conservation(SparkSession session, StageRun run, long version, long legacyRows, long driftRows) {
        TargetSpec t = spec.target();
        long staged = session.read().format("delta").option("versionAsOf", version).load(t.stagedPath())
                .filter(functions.col(StageColumns.COHORT).equalTo(options.cohort())).count();
        long quarantined = session.read().format("delta").load(t.quarantinePath()).filter(functions.col("run_id").equalTo(run.runId())).count();
        long excluded = session.read().format("delta").load(t.exclusionsPath()).filter(functions.col("run_id").equalTo(run.runId())).count();
        long accounted = staged + quarantined + excluded;
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("legacy_rows", legacyRows);
        numbers.put("staged", staged);
        numbers.put("quarantined", quarantined);
        numbers.put("excluded_or_merged", excluded);
        numbers.put("drift_rows", driftRows);
        String equation = legacyRows + " legacy rows vs " + staged + " staged + " + quarantined + " quarantined + " + excluded + " excluded or merged";
        if (accounted == legacyRows) {
            return CheckOutcome.pass("conservation", equation, numbers);
        }
        if (Math.abs(accounted - legacyRows) <= driftRows) {
            return new CheckOutcome("conservation", Verdict.WARN, equation + ": the difference is within the " + driftRows + " rows changed since staging (sync)", numbers, List.of());
        }
        return new CheckOutcome("conservation", Verdict.FAIL, equation + ": " + Math.abs(accounted - legacyRows) + " rows unaccounted for", numbers, List.of());
    }

    private CheckOutcome integrity(Dataset<Row> actual, List<String> key) {
        DeequVerification verification = new DeequVerification();
        key.forEach(verification::complete);
        if (key.size() == 1) {
            verification.unique(key.get(0));
        }
        spec.target().columns().stream().filter(c -> !c.nullable()).forEach(c -> verification.complete(c.name()));
        spec.target().checks().forEach(c -> verification.satisfies(c.name(), c.expression()));
        DeequVerification.Result result = verification.run(actual);
        List<DeequVerification.Outcome> outcomes = result.outcomes();
        List<String> failed = outcomes.stream().filter(o -> !o.passed()).map(o -> o.constraint() + (o.message().isEmpty() ? "" : " (" + o.message() + ")")).toList();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("constraints", outcomes.size());
        numbers.put("failed", failed.size());
        // Deequ's own metrics behind the constraints, kept with the run so they can be compared over time.
        result.metrics().forEach(m -> numbers.put(m.name() + "(" + m.instance() + ")", m.value()));
        if (failed.isEmpty()) {
            return CheckOutcome.pass("integrity", outcomes.size() + " Deequ constraints hold (key complete and unique, NOT NULL columns, checks)", numbers);
        }
        return new CheckOutcome("integrity", Verdict.FAIL, failed.size() + " of " + outcomes.size() + " Deequ constraints fail: " + String.join("; ", failed), numbers, List.of());
    }

    /**
     * Keyed diff: rows only expected (missing), only staged (unexpected), staged more than once (duplicates), and
     * rows whose hash differs (changed), compared column by column only for those. Deequ's DataSynchronization
     * is not used: it refuses duplicate keys and compares nulls unsafely, and both are defects to report here.
     */
    private CheckOutcome rows(Dataset<Row> expected, Dataset<Row> actual, List<String> key, List<String> columns, SourceSpec source) {
        List<String> compared = new ArrayList<>(columns.stream().filter(c -> !key.contains(c)).toList());
        compared.add(StageColumns.ACTIONS);
        Dataset<Row> e = hashed(expected, key, compared, "e");
        Dataset<Row> a = hashed(actual, key, compared, "a");
        Column on = null;
        for (String k : key) {
            Column eq = e.col("e_" + k).eqNullSafe(a.col("a_" + k));
            on = on == null ? eq : on.and(eq);
        }
        Dataset<Row> joined = e.join(a, on, "full_outer");
        Column missing = a.col("a_hash").isNull().and(e.col("e_hash").isNotNull());
        Column unexpected = e.col("e_hash").isNull();
        Column changed = e.col("e_hash").isNotNull().and(a.col("a_hash").isNotNull()).and(e.col("e_hash").notEqual(a.col("a_hash")));
        List<Column> aggs = new ArrayList<>();
        aggs.add(functions.sum(functions.when(missing, 1).otherwise(0)).as("missing"));
        aggs.add(functions.sum(functions.when(unexpected, 1).otherwise(0)).as("unexpected"));
        aggs.add(functions.sum(functions.when(changed, 1).otherwise(0)).as("changed"));
        for (String c : compared) {
            aggs.add(functions.sum(functions.when(changed.and(functions.not(e.col("e_" + c).eqNullSafe(a.col("a_" + c)))), 1).otherwise(0)).as("diff_" + c));
        }
        Row r = joined.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        long missingRows = r.isNullAt(0) ? 0 : r.getLong(0);
        long unexpectedRows = r.isNullAt(1) ? 0 : r.getLong(1);
        long changedRows = r.isNullAt(2) ? 0 : r.getLong(2);
        long actualRows = actual.count();
        long distinctKeys = actual.select(key.stream().map(k -> actual.col(Sql.column(k))).toArray(Column[]::new)).distinct().count();
        long duplicates = actualRows - distinctKeys;
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("expected_rows", expected.count());
        numbers.put("staged_rows", actualRows);
        numbers.put("missing", missingRows);
        numbers.put("unexpected", unexpectedRows);
        numbers.put("duplicate_keys", duplicates);
        numbers.put("changed", changedRows);
        List<String> changedColumns = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            long n = r.isNullAt(3 + i) ? 0 : r.getLong(3 + i);
            if (n > 0) {
                numbers.put("changed_" + compared.get(i), n);
                changedColumns.add(compared.get(i) + " (" + n + ")");
            }
        }
        if (missingRows + unexpectedRows + changedRows + duplicates == 0) {
            return CheckOutcome.pass("rows", "all " + actualRows + " staged rows match the expected rows, key by key", numbers);
        }
        boolean maskKeys = key.stream().anyMatch(k -> source.isPii(k) || Masking.looksPersonal(k));
        Column[] keyCols = key.stream().map(k -> functions.coalesce(functions.col("e_" + k), functions.col("a_" + k)).cast("string")).toArray(Column[]::new);
        List<String> examples = joined.filter(missing.or(unexpected).or(changed)).select(functions.concat_ws(", ", keyCols)).limit(3).collectAsList().stream()
                .map(x -> maskKeys ? Masking.mask(x.getString(0)) : x.getString(0)).toList();
        String message = missingRows + " missing, " + unexpectedRows + " unexpected, " + duplicates + " duplicated keys, " + changedRows + " changed"
                + (changedColumns.isEmpty() ? "" : " (columns: " + String.join(", ", changedColumns) + ")");
        return new CheckOutcome("rows", Verdict.FAIL, message, numbers, examples);
    }

    /** Prefixed columns plus a hash over all compared values (nulls marked, so (a, null) and (null, a) differ). */
    private static Dataset<Row> hashed(Dataset<Row> rows, List<String> key, List<String> compared, String prefix) {
        List<Column> out = new ArrayList<>();
        for (String k : key) {
            out.add(rows.col(Sql.column(k)).as(prefix + "_" + k));
        }
        List<Column> parts = new ArrayList<>();
        for (String c : compared) {
            out.add(rows.col(Sql.column(c)).as(prefix + "_" + c));
            parts.add(functions.coalesce(functions.to_json(functions.struct(rows.col(Sql.column(c)))), functions.lit("\u0000")));
        }
        out.add(functions.xxhash64(parts.toArray(Column[]::new)).as(prefix + "_hash"));
        return rows.select(out.toArray(Column[]::new));
    }

    private CheckOutcome drift(long driftRows, long legacyRows, Dataset<Row> drifted, List<String> key, SourceSpec source) {
        double share = legacyRows == 0 ? 0 : (double) driftRows / legacyRows;
        Map<String, Object> numbers = Map.of("drift_rows", driftRows, "share", Math.round(share * 1_000_000) / 1_000_000.0,
                "threshold", spec.reconcile().driftThreshold());
        if (source.lastUpdated().isEmpty()) {
            return CheckOutcome.pass("drift", "the source declares no last-updated column: drift cannot be told apart (declare it to sync safely)", numbers);
        }
        if (driftRows == 0 || share <= spec.reconcile().driftThreshold()) {
            return CheckOutcome.pass("drift", driftRows + " legacy rows changed since staging", numbers);
        }
        boolean maskKeys = key.stream().anyMatch(k -> source.isPii(k) || Masking.looksPersonal(k));
        List<String> examples = drifted.limit(3).collectAsList().stream().map(r -> r.mkString(", ")).map(x -> maskKeys ? Masking.mask(x) : x).toList();
        return new CheckOutcome("drift", Verdict.WARN, driftRows + " legacy rows changed after staging (" + Math.round(share * 10000) / 100.0
                + "%): needs sync, not a defect; they are left out of the other checks", numbers, examples);
    }

    private void stage(SparkSession session, String description) {
        progress.stage(description);
        session.sparkContext().setJobDescription("reconcile " + description);
    }
}
