package io.cutover.core.rules;

import io.cutover.core.spec.RuleSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

/** Rules that change one column's values: each compiles to Spark Column expressions, no UDF but for phones. */
final class ColumnRules {
    private final Set<String> placeholders;

    ColumnRules(Set<String> placeholders) {
        this.placeholders = placeholders;
    }

    void apply(Frame f, RuleSpec rule) {
        if (rule instanceof RuleSpec.Select r) {
            f.require(r.columns());
            f.userColumns().stream().filter(c -> !r.columns().contains(c)).forEach(f::drop);
        } else if (rule instanceof RuleSpec.Drop r) {
            f.require(r.columns());
            r.columns().forEach(f::drop);
        } else if (rule instanceof RuleSpec.Rename r) {
            f.require(r.from());
            if (f.userColumns().contains(r.to())) {
                throw f.fail("cannot rename '" + r.from() + "' to '" + r.to() + "': that column already exists");
            }
            f.rename(r.from(), r.to());
        } else if (rule instanceof RuleSpec.Cast r) {
            cast(f, r);
        } else if (rule instanceof RuleSpec.Trim r) {
            each(f, r.columns(), c -> functions.trim(c));
        } else if (rule instanceof RuleSpec.ChangeCase r) {
            each(f, r.columns(), c -> r.upper() ? functions.upper(c) : functions.lower(c));
        } else if (rule instanceof RuleSpec.MapValues r) {
            mapValues(f, r);
        } else if (rule instanceof RuleSpec.Default r) {
            f.require(r.column());
            Column c = f.col(r.column());
            f.set(r.column(), functions.when(Checks.present(c, placeholders), c).otherwise(functions.lit(r.value()).cast(f.typeOf(r.column()))));
        } else if (rule instanceof RuleSpec.Derive r) {
            f.set(r.column(), f.expr(r.expression()));
        } else if (rule instanceof RuleSpec.RepairMojibake r) {
            each(f, r.columns(), ColumnRules::repairMojibake);
        } else if (rule instanceof RuleSpec.StripControlCharacters r) {
            each(f, r.columns(), c -> functions.regexp_replace(c, Checks.CONTROL, ""));
        } else if (rule instanceof RuleSpec.NormalizeEmail r) {
            f.require(r.column());
            Column c = f.col(r.column());
            fallible(f, r.column(), c, functions.lower(functions.trim(c)), Checks::validEmail, r.onFail(), "not a valid email address");
        } else if (rule instanceof RuleSpec.NormalizePhone r) {
            f.require(r.column());
            Column c = f.col(r.column());
            fallible(f, r.column(), c, Checks.e164(c, r.defaultRegions()), Column::isNotNull, r.onFail(),
                    "not a possible phone number (regions " + r.defaultRegions() + ")");
        } else {
            throw new IllegalArgumentException("not a column rule: " + rule);
        }
    }

    private void each(Frame f, java.util.List<String> columns, java.util.function.UnaryOperator<Column> change) {
        f.require(columns);
        for (String column : columns) {
            f.set(column, change.apply(f.col(column)));
        }
    }

    /** Only text that is pure Latin-1 and shows the mojibake pattern is re-read as UTF-8. */
    private static Column repairMojibake(Column c) {
        Column repaired = functions.decode(functions.encode(c, "ISO-8859-1"), "UTF-8");
        Column repairable = c.rlike(Checks.MOJIBAKE).and(c.rlike("^[\\x{00}-\\x{FF}]*$")).and(functions.not(repaired.contains("\uFFFD")));
        return functions.when(repairable, repaired).otherwise(c);
    }

    private void cast(Frame f, RuleSpec.Cast r) {
        f.require(r.column());
        Column c = f.col(r.column());
        DataType target = DataType.fromDDL(r.to());
        boolean text = f.typeOf(r.column()) instanceof StringType;
        Column value;
        if (text && (target instanceof DateType || target instanceof TimestampType) && !r.formats().isEmpty()) {
            String function = target instanceof DateType ? "to_date" : "to_timestamp";
            value = f.expr(DatePatterns.parseSql(Sql.column(r.column()), r.formats(), function));
        } else if (text && isNumber(target)) {
            Column cleaned = functions.trim(c);
            if (!r.groupingSeparator().isEmpty()) {
                cleaned = functions.regexp_replace(cleaned, java.util.regex.Pattern.quote(r.groupingSeparator()), "");
            }
            if (!r.decimalSeparator().equals(".")) {
                cleaned = functions.regexp_replace(cleaned, java.util.regex.Pattern.quote(r.decimalSeparator()), ".");
            }
            value = cleaned.cast(target);
        } else {
            value = c.cast(target);
        }
        Column present = Checks.present(c, placeholders);
        // Where present, the result is the parsed value; elsewhere it is null and the row is not judged.
        fallible(f, r.column(), c, functions.when(present, value), result -> present.and(result.isNotNull()), r.onFail() == RuleSpec.OnFail.KEEP ? RuleSpec.OnFail.NULL : r.onFail(),
                "cannot be read as " + r.to().toLowerCase(Locale.ROOT) + (r.formats().isEmpty() ? "" : " with formats " + r.formats()));
    }

    private static boolean isNumber(DataType t) {
        return t instanceof org.apache.spark.sql.types.NumericType;
    }

    private void mapValues(Frame f, RuleSpec.MapValues r) {
        f.require(r.column());
        Column c = f.col(r.column());
        Column mapped = null;
        for (Map.Entry<String, String> e : r.values().entrySet()) {
            Column when = c.cast("string").equalTo(e.getKey());
            mapped = mapped == null ? functions.when(when, functions.lit(e.getValue())) : mapped.when(when, functions.lit(e.getValue()));
        }
        Column known = c.cast("string").isin(r.values().keySet().toArray());
        Column result = switch (r.unmapped()) {
            case KEEP -> mapped.otherwise(c.cast("string"));
            case NULL, QUARANTINE -> mapped;
        };
        Column ok = c.isNull().or(known);
        fallible(f, r.column(), c, result, mappedValue -> ok, r.unmapped() == RuleSpec.OnFail.QUARANTINE ? RuleSpec.OnFail.QUARANTINE : RuleSpec.OnFail.NULL,
                "value is not in the code table");
    }

    /**
     * Sets the new value; where {@code ok} (of the new value) is false on a present value, quarantines the row, nulls
     * the value, or keeps the original, as the rule says. The new value and the verdict are each computed once, in
     * columns of their own: written inline they would sit in the verdict, the condition and the result, where Spark's
     * common-subexpression elimination does not reach (behind AND, COALESCE and CASE), so a phone number would be
     * parsed three times per row.
     */
    private void fallible(Frame f, String column, Column original, Column value, java.util.function.UnaryOperator<Column> ok, RuleSpec.OnFail onFail,
            String reason) {
        f.set(VALUE, value);
        Column changed = f.col(VALUE);
        f.set(BAD, Checks.present(original, placeholders).and(functions.not(functions.coalesce(ok.apply(changed), functions.lit(false)))));
        Column bad = f.col(BAD);
        if (onFail == RuleSpec.OnFail.QUARANTINE) {
            f.reject(bad, StageColumns.QUARANTINE, functions.lit(column + ": " + reason));
        }
        Column kept = onFail == RuleSpec.OnFail.KEEP ? functions.when(bad, original).otherwise(changed) : functions.when(bad, functions.lit(null)).otherwise(changed);
        f.set(column, kept);
        f.drop(VALUE);
        f.drop(BAD);
    }

    private static final String VALUE = "_cutover_value";
    private static final String BAD = "_cutover_bad";
}
