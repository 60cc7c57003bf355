package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.privacy.Masking;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.AuditSpec;
import io.cutover.core.spec.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Profiles one legacy dataset and finds its zombie and corrupted columns and duplicate keys.
 * Cost: a 2,000-row sample, one grouped scan of the columns with few values in it, one full scan for every other
 * metric (Deequ), a grouped scan for value counts the sample missed (none when it guessed right), one grouped scan
 * of the key, and a short limited scan per finding for examples.
 */
final class DatasetAudit {
    private static final int EXAMPLES = 3;

    private final SourceSpec source;
    private final Dataset<Row> data;
    private final AuditSpec audit;
    private final LocalDate today;
    private final Progress progress;

    DatasetAudit(SourceSpec source, Dataset<Row> data, AuditSpec audit, LocalDate today, Progress progress) {
        this.source = source;
        this.data = data;
        this.audit = audit;
        this.today = today;
        this.progress = progress;
    }

    record Outcome(DatasetProfile profile, List<Finding> findings) {
    }

    Outcome run() {
        String name = source.name();
        List<StructField> fields = new ArrayList<>();
        for (StructField f : data.schema().fields()) {
            if (!f.name().equals(SourceReader.CORRUPT_RECORD)) {
                fields.add(f);
            }
        }
        boolean hasCorruptRecord = data.columns().length > fields.size();

        describe(name + ": recognising emails, phones, dates, numbers and few-valued columns in the first " + SemanticDetector.SAMPLE_ROWS + " rows");
        FirstRows first = FirstRows.of(data, fields, audit.placeholders());

        List<ColumnPlan> plans = new ArrayList<>();
        for (StructField f : fields) {
            SemanticType semantic = first.semantics().getOrDefault(f.name(), SemanticType.NONE);
            boolean pii = source.isPii(f.name()) || ColumnPlan.looksPersonal(f.name(), semantic);
            plans.add(new ColumnPlan(f.name(), f.dataType(), semantic, pii, audit));
        }
        String parsedRows = hasCorruptRecord ? Predicates.quote(SourceReader.CORRUPT_RECORD) + " IS NULL" : "true";
        String cutoff = today.minusMonths(audit.abandonedAfterMonths()).toString();
        String recentRows = source.lastUpdated().map(lu -> Predicates.quote(lu) + " >= to_timestamp(" + Predicates.literal(cutoff) + ")").orElse("false");

        LowCardinalityGuess guess = LowCardinalityGuess.of(plans, first, audit.histogramMaxCategories());
        describe(name + ": counting values of " + guess.columns().size() + " columns that have few values in the first rows");
        ValueCounts early = ValueCounts.compute(data, guess.columns(), guess.pairs(), parsedRows, recentRows, LowCardinalityGuess.MAX_JUDGED_VALUES);

        describe(name + ": profiling " + plans.size() + " columns in one scan (Deequ)");
        DeequAnalysis deequ = new DeequAnalysis(data);
        String sizeKey = deequ.size();
        String recentKey = source.lastUpdated().map(lu -> deequ.compliance("_rows:recent", recentRows)).orElse(null);
        String corruptKey = hasCorruptRecord ? deequ.compliance("_rows:unparseable", Predicates.quote(SourceReader.CORRUPT_RECORD) + " IS NOT NULL") : null;
        // A string column with exact value counts is judged once per value, and the scan does not read it.
        ColumnMetrics perRow = new ScanMetrics(deequ, parsedRows, recentRows);
        ValueCountMetrics perValue = new ValueCountMetrics();
        plans.forEach(p -> p.addTo(deequ, p.kind == ColumnPlan.Kind.STRING && early.has(p.name) ? perValue : perRow, audit, source.lastUpdated(), parsedRows));
        DeequMetrics scanned = deequ.run();
        describe(name + ": judging the values of low-cardinality text columns");
        DeequMetrics metrics = scanned.plus(perValue.compute(data.sparkSession(), early));
        long rows = metrics.value(sizeKey).map(Double::longValue).orElse(0L);

        List<String> lowCardinality = plans.stream()
                .filter(p -> p.kind != ColumnPlan.Kind.OTHER)
                .filter(p -> metrics.value(p.keys.get("approx_distinct")).orElse(Double.MAX_VALUE) <= audit.histogramMaxCategories())
                .map(p -> p.name).toList();
        List<List<String>> pairs = shadowCandidates(plans, metrics, lowCardinality, rows);
        ValueCounts values = early.plus(countMissed(lowCardinality, pairs, early, parsedRows, recentRows)).only(lowCardinality, pairs);

        describe(name + ": fetching examples of the findings");
        ColumnFindings columnFindings = new ColumnFindings(source, audit, rows, metrics.value(recentKey == null ? "" : recentKey).map(f -> Math.round(f * rows)));
        List<ColumnProfile> profiles = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (ColumnPlan plan : plans) {
            ColumnProfile profile = profile(plan, metrics, values, rows, audit.placeholders());
            profiles.add(profile);
            for (ColumnFindings.Draft found : columnFindings.of(plan, profile, metrics, values)) {
                ColumnFindings.Draft draft = found;
                if (draft.type().equals("thousands-separator")) {
                    describe(name + ": trying the suggested cast on " + plan.name);
                    long notNumbers = plan.keys.containsKey("wrong-type") ? metrics.count(plan.keys.get("wrong-type"), rows) : 0;
                    draft = SeparatorAdvice.advise(draft, data.filter(functions.expr("coalesce((" + plan.predicates.meaningful() + ") AND " + parsedRows + ", false)")), plan, notNumbers);
                }
                findings.add(draft.toFinding(name, plan.name, examples(plan, draft.predicate())));
            }
        }
        shadows(pairs, values).forEach(findings::add);
        long unparseable = corruptKey == null ? 0 : metrics.count(corruptKey, rows);
        if (unparseable > 0) {
            findings.add(new Finding(name, SourceReader.CORRUPT_RECORD, Category.CORRUPT, "unparseable-lines", Severity.HIGH,
                    unparseable + " lines could not be split into the file's columns; stage quarantines them with the raw line",
                    Map.of("rows", unparseable, "share", share(unparseable, rows)), List.of(), SuggestedRules.quarantineUnparseable()));
        }
        duplicateKeys(rows).ifPresent(findings::add);
        metrics.failures().forEach((key, message) -> {
            if (!key.startsWith("min") && !key.startsWith("max") && !key.startsWith("mean") && !key.startsWith("stddev")) {
                findings.add(new Finding(name, key, Category.CORRUPT, "metric-failed", Severity.LOW,
                        "Deequ could not compute " + key + ": " + message, Map.of(), List.of(), ""));
            }
        });
        DatasetProfile profile = new DatasetProfile(name, source.format(), location(), rows, unparseable, source.key(), profiles);
        return new Outcome(profile, findings);
    }

    /** Value counts the guess before the scan missed: columns the scan found low-cardinality, and pairs. */
    private ValueCounts countMissed(List<String> lowCardinality, List<List<String>> pairs, ValueCounts early, String parsedRows, String recentRows) {
        List<String> columns = lowCardinality.stream().filter(c -> !early.has(c)).toList();
        List<List<String>> missedPairs = pairs.stream().filter(p -> !early.hasPair(p)).toList();
        if (columns.isEmpty() && missedPairs.isEmpty()) {
            return ValueCounts.none();
        }
        describe(source.name() + ": counting values of " + columns.size() + " more low-cardinality columns and " + missedPairs.size() + " column pairs");
        return ValueCounts.compute(data, columns, missedPairs, parsedRows, recentRows);
    }

    private String location() {
        return source.isJdbc() ? source.options().get("url") + " " + source.options().getOrDefault("dbtable", "(query)") : source.path().orElse("");
    }

    private void describe(String stage) {
        progress.stage(stage);
        data.sparkSession().sparkContext().setJobDescription("audit " + stage);
    }

    private static ColumnProfile profile(ColumnPlan plan, DeequMetrics m, ValueCounts values, long rows, java.util.Set<String> placeholderValues) {
        Map<String, String> k = plan.keys;
        double completeness = m.value(k.get("completeness")).orElse(0.0);
        long nonNull = Math.round(completeness * rows);
        long blank = k.containsKey("blank") ? m.count(k.get("blank"), rows) : 0;
        long placeholders = k.containsKey("placeholders") ? m.count(k.get("placeholders"), rows) : 0;
        long distinct = values.has(plan.name) ? values.distinct(plan.name) : m.value(k.get("approx_distinct")).map(Double::longValue).orElse(0L);
        Map<String, Long> inferred = k.containsKey("data_type") ? m.distribution(k.get("data_type")) : Map.of();
        return new ColumnProfile(plan.name, plan.type.simpleString(), plan.semantic.label(), plan.pii, nonNull, completeness, distinct,
                blank, placeholders, nonNull - blank - placeholders, inferred,
                plan.pii ? null : m.value(k.getOrDefault("min", "")).orElse(null),
                plan.pii ? null : m.value(k.getOrDefault("max", "")).orElse(null),
                m.value(k.getOrDefault("mean", "")).orElse(null),
                m.value(k.getOrDefault("stddev", "")).orElse(null),
                m.value(k.getOrDefault("min_length", "")).map(Double::intValue).orElse(null),
                m.value(k.getOrDefault("max_length", "")).map(Double::intValue).orElse(null),
                values.has(plan.name) ? values.histogram(plan.name, plan.pii, placeholderValues) : List.of());
    }

    /** Low-cardinality columns with as many distinct values and non-null rows as another may repeat it. */
    private static List<List<String>> shadowCandidates(List<ColumnPlan> plans, DeequMetrics m, List<String> lowCardinality, long rows) {
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            for (int j = i + 1; j < plans.size(); j++) {
                ColumnPlan a = plans.get(i);
                ColumnPlan b = plans.get(j);
                if (!lowCardinality.contains(a.name) || !lowCardinality.contains(b.name)) {
                    continue;
                }
                double da = m.value(a.keys.get("approx_distinct")).orElse(0.0);
                double db = m.value(b.keys.get("approx_distinct")).orElse(0.0);
                long na = Math.round(m.value(a.keys.get("completeness")).orElse(0.0) * rows);
                long nb = Math.round(m.value(b.keys.get("completeness")).orElse(0.0) * rows);
                if (da >= 2 && da == db && na == nb) {
                    pairs.add(List.of(a.name, b.name));
                }
            }
        }
        return pairs;
    }

    /** A pair whose joint values are as few as each column's own is a one-to-one copy: the later column is the shadow. */
    private List<Finding> shadows(List<List<String>> pairs, ValueCounts values) {
        List<Finding> out = new ArrayList<>();
        for (List<String> pair : pairs) {
            String a = pair.get(0);
            String b = pair.get(1);
            long da = values.distinct(a);
            long joint = values.pairDistinct(a, b);
            if (da >= 2 && values.distinct(b) == da && joint == da) {
                out.add(new Finding(source.name(), b, Category.ZOMBIE, "shadow", Severity.MEDIUM,
                        "'" + b + "' repeats '" + a + "' value for value (" + da + " values, one-to-one on every row): keep one of them",
                        Map.of("shadow_of", a, "distinct_values", da), List.of(), SuggestedRules.drop(b, "shadow of " + a)));
            }
        }
        return out;
    }

    private Optional<Finding> duplicateKeys(long rows) {
        if (source.key().isEmpty()) {
            return Optional.empty();
        }
        describe(source.name() + ": looking for duplicate keys " + source.key());
        Column[] key = source.key().stream().map(c -> functions.col(Predicates.quote(c))).toArray(Column[]::new);
        // One shuffle of the key: the duplicated keys are few, kept in memory for the totals and the examples.
        Dataset<Row> duplicated = data.groupBy(key).count().filter(functions.col("count").gt(1)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row dup = duplicated.agg(functions.count(functions.lit(1)), functions.coalesce(functions.sum("count"), functions.lit(0L))).first();
            long keys = dup.getLong(0);
            long affected = dup.getLong(1);
            if (keys == 0) {
                return Optional.empty();
            }
            // A personal key (a social security or phone number) is shown masked, like any personal value.
            boolean personal = source.hasPersonalKey();
            List<String> examples = duplicated.select(key).limit(EXAMPLES).collectAsList().stream().map(r -> r.mkString(", "))
                    .map(v -> personal ? Masking.mask(v) : v).toList();
            return Optional.of(duplicateKeyFinding(keys, affected, rows, examples));
        } finally {
            duplicated.unpersist();
        }
    }

    private Finding duplicateKeyFinding(long keys, long affected, long rows, List<String> examples) {
        String keyText = String.join(", ", source.key());
        return new Finding(source.name(), keyText, Category.DEPENDENCY, "duplicate-key", Severity.HIGH,
                keys + " key values of (" + keyText + ") appear more than once, on " + affected + " rows: the new platform needs one row per key",
                Map.of("keys", keys, "rows", affected, "share", share(affected, rows)), examples,
                SuggestedRules.deduplicate(source.key(), source.lastUpdated().orElse(null)));
    }

    private List<String> examples(ColumnPlan plan, String predicate) {
        if (predicate == null) {
            return List.of();
        }
        List<Row> rows = data.filter(functions.expr("coalesce(" + predicate + ", false)")).select(functions.col(Predicates.quote(plan.name)).cast("string"))
                .limit(EXAMPLES).collectAsList();
        return rows.stream().map(r -> r.isNullAt(0) ? ValueCounts.NULL : r.getString(0)).map(v -> plan.pii ? Masking.mask(v) : v).toList();
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1_000_000.0 * part / whole) / 1_000_000.0;
    }
}
