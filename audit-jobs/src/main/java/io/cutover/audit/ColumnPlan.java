package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.spec.AuditSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Which metrics one column gets in the profiling scan, chosen by its type and what its values look like, so
 * that expensive analyzers (Deequ's DataType, regexes) run only where they can tell something.
 */
final class ColumnPlan {
    enum Kind { STRING, NUMBER, TEMPORAL, BOOLEAN, OTHER }

    final String name;
    final DataType type;
    final Kind kind;
    final SemanticType semantic;
    final boolean pii;
    final Predicates predicates;
    /** Predicate name -> SQL, each counted in the scan and, when it finds rows, a finding. */
    final Map<String, String> counted = new LinkedHashMap<>();
    final Map<String, String> keys = new LinkedHashMap<>();

    ColumnPlan(String name, DataType type, SemanticType semantic, boolean pii, AuditSpec audit) {
        this.name = name;
        this.type = type;
        this.kind = kindOf(type);
        this.semantic = semantic;
        this.pii = pii;
        this.predicates = new Predicates(name, audit.placeholders());
    }

    static Kind kindOf(DataType type) {
        if (type instanceof StringType) {
            return Kind.STRING;
        }
        if (type instanceof NumericType) {
            return Kind.NUMBER;
        }
        if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return Kind.TEMPORAL;
        }
        if (type instanceof BooleanType) {
            return Kind.BOOLEAN;
        }
        return Kind.OTHER;
    }

    /** Columns whose names say they hold personal data, whatever the spec says. */
    static boolean looksPersonal(String column, String dataset, SemanticType semantic) {
        return semantic == SemanticType.EMAIL || semantic == SemanticType.PHONE || io.cutover.core.privacy.Masking.looksPersonal(column, dataset);
    }

    /**
     * Adds this column's metrics to {@code metrics} (Deequ's scan, or the column's value counts) and the numeric ones
     * to Deequ's scan. {@code parsedRows} is a predicate true for rows that parsed (CSV/JSON broken lines are counted
     * once, as unparseable, not again as bad values in every column).
     */
    void addTo(DeequAnalysis deequ, ColumnMetrics metrics, AuditSpec audit, Optional<String> lastUpdated, String parsedRows) {
        keys.put("completeness", metrics.completeness(name));
        if (kind == Kind.OTHER) {
            return;
        }
        keys.put("approx_distinct", metrics.approxDistinct(name));
        AuditSpec.Bounds bounds = audit.bounds().get(name);
        switch (kind) {
            case STRING -> planString(metrics, bounds);
            case NUMBER -> {
                keys.put("min", deequ.minimum(name));
                keys.put("max", deequ.maximum(name));
                keys.put("mean", deequ.mean(name));
                keys.put("stddev", deequ.stddev(name));
                if (bounds != null) {
                    counted.put("out-of-range", predicates.numberOutOfBounds(bounds.min(), bounds.max(), false));
                }
            }
            case TEMPORAL -> counted.put("out-of-range", predicates.temporalOutOfRange());
            default -> { }
        }
        if (lastUpdated.isPresent() && !lastUpdated.get().equals(name)) {
            String meaningful = kind == Kind.STRING ? predicates.meaningful() : predicates.column() + " IS NOT NULL";
            keys.put("meaningful_recent", metrics.shareOfRecent(name, "meaningful_recent", meaningful));
        }
        counted.forEach((check, sql) -> keys.put(check, metrics.shareOfParsed(name, check, sql)));
        // Examples are fetched with the same predicate, from the rows that parsed.
        counted.replaceAll((check, sql) -> "(" + sql + ") AND " + parsedRows);
    }

    private void planString(ColumnMetrics metrics, AuditSpec.Bounds bounds) {
        keys.put("min_length", metrics.minLength(name));
        keys.put("max_length", metrics.maxLength(name));
        keys.put("blank", metrics.share(name, "blank", predicates.blank()));
        keys.put("placeholders", metrics.share(name, "placeholders", predicates.placeholder()));
        // Type inference only for free text and numbers kept as text: a semantic pattern already judges the others.
        if ((semantic == SemanticType.NONE || semantic == SemanticType.NUMBER_TEXT)) {
            keys.put("data_type", metrics.dataType(name));
        }
        // Emails, phones, dates and numbers have ASCII-only patterns: a garbled or control character already makes
        // the value invalid there, so the two regexes (a third of the scan) run only on free text.
        if (semantic == SemanticType.NONE) {
            counted.put("mojibake", predicates.mojibake());
            counted.put("control-characters", predicates.controlCharacters());
        }
        counted.put("padded", predicates.padded());
        switch (semantic) {
            case EMAIL -> counted.put("invalid-email", predicates.invalid(SemanticType.EMAIL));
            case PHONE -> counted.put("invalid-phone", predicates.invalid(SemanticType.PHONE));
            case DATE -> {
                counted.put("invalid-date", predicates.invalid(SemanticType.DATE));
                counted.put("out-of-range", predicates.dateOutOfRange());
            }
            case NUMBER_TEXT -> {
                counted.put("thousands-separator", "(" + predicates.meaningful() + ") AND " + predicates.thousands());
                counted.put("wrong-type", predicates.invalid(SemanticType.NUMBER_TEXT));
                if (bounds != null) {
                    counted.put("out-of-range", "(" + predicates.meaningful() + ") AND " + predicates.numberOutOfBounds(bounds.min(), bounds.max(), true));
                }
            }
            case NONE -> { }
        }
    }
}
