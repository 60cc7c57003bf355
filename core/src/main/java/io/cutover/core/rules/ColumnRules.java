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
            f.require(r.columns());
            r.columns().forEach(c -> f.set(c, f.expr(Checks.repairedSql(Sql.column(c)))));
        } else if (rule instanceof RuleSpec.StripControlCharacters r) {
            f.require(r.columns());
            r.columns().forEach(c -> f.set(c, stripControlCharacters(f, c)));
        } else if (rule instanceof RuleSpec.NormalizeEmail r) {
            f.require(r.column());
            Column c = f.col(r.column());
            fallible(f, r.column(), c, functions.lower(functions.trim(c)), Checks::validEmail, r.onFail(), "not a valid email address");
        } else if (rule instanceof RuleSpec.NormalizePhone r) {
            normalizePhone(f, r);
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

    /**
     * In mojibake the C1 controls are bytes of a letter ("Å" + U+0081 is "Ł"): stripping them would lose the letter
     * for good, so there only C0 controls go, and repair-mojibake restores the rest.
     */
    private static Column stripControlCharacters(Frame f, String column) {
        Column c = f.col(column);
        Column mojibake = functions.coalesce(f.expr(Checks.mojibakeSql(Sql.column(column))), functions.lit(false));
        return functions.when(mojibake, functions.regexp_replace(c, C0_CONTROL, "")).otherwise(functions.regexp_replace(c, Checks.CONTROL, ""));
    }

    private static final String C0_CONTROL = "[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}]";

    /**
     * Phones to E.164 with the row's region (region-column) or the default regions. Each outcome is decided once, in
     * a struct column (see {@link #fallible} for why): INVALID follows on-fail, MISMATCH on-country-mismatch and
     * AMBIGUOUS on-ambiguous; an ambiguous number kept as given gets the action "confirm-<column>", so the rows
     * are counted in the staged table and the customer can be asked.
     */
    private void normalizePhone(Frame f, RuleSpec.NormalizePhone r) {
        f.require(r.column());
        r.regionColumn().ifPresent(f::require);
        Column original = f.col(r.column());
        Column region = r.regionColumn().map(f::col).orElse(functions.lit(null).cast("string"));
        String source = r.regionColumn().map(c -> "column " + c).orElse("default-region");
        f.set(VALUE, Checks.phone(original, region, r.defaultRegions(), source));
        Column result = f.col(VALUE);
        Column status = result.getField("status");
        Column e164 = result.getField("e164");
        Column present = Checks.present(original, placeholders);
        Column invalid = present.and(status.equalTo(PhoneNumbers.Status.INVALID.name()));
        Column mismatch = present.and(status.equalTo(PhoneNumbers.Status.MISMATCH.name()));
        Column ambiguous = present.and(status.equalTo(PhoneNumbers.Status.AMBIGUOUS.name()));
        Column quarantined = functions.lit(false);
        if (r.onFail() == RuleSpec.OnFail.QUARANTINE) {
            quarantined = quarantined.or(invalid);
        }
        if (r.onCountryMismatch() == RuleSpec.OnCountryMismatch.QUARANTINE) {
            quarantined = quarantined.or(mismatch);
        }
        if (r.onAmbiguous() == RuleSpec.OnAmbiguous.QUARANTINE) {
            quarantined = quarantined.or(ambiguous);
        } else {
            Column actions = f.col(StageColumns.ACTIONS);
            f.set(StageColumns.ACTIONS, functions.when(functions.coalesce(ambiguous, functions.lit(false)),
                    functions.array_union(actions, functions.array(functions.lit("confirm-" + r.column())))).otherwise(actions));
        }
        f.reject(quarantined, StageColumns.QUARANTINE, functions.concat(functions.lit(r.column() + ": "), result.getField("detail")));
        Column asGiven = original.cast("string");
        Column value = functions.when(functions.coalesce(invalid, functions.lit(false)), r.onFail() == RuleSpec.OnFail.KEEP ? asGiven : functions.lit(null).cast("string"))
                .when(functions.coalesce(ambiguous, functions.lit(false)), r.onAmbiguous() == RuleSpec.OnAmbiguous.KEEP_AS_GIVEN ? asGiven : functions.lit(null).cast("string"))
                .otherwise(e164);
        f.set(r.column(), value);
        f.drop(VALUE);
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
