package io.cutover.core.rules;

import io.cutover.core.spec.RuleSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Rules that change one column's values: each compiles to Spark Column expressions, no UDF but for
 * phones.
 */
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
        throw f.fail(
            "cannot rename '" + r.from() + "' to '" + r.to() + "': that column already exists");
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
      f.set(
          r.column(),
          functions
              .when(Checks.present(c, placeholders), c)
              .otherwise(functions.lit(r.value()).cast(f.typeOf(r.column()))));
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
      fallible(
          f,
          r.column(),
          c,
          functions.lower(functions.trim(c)),
          Checks::validEmail,
          r.onFail(),
          "not a valid email address");
    } else if (rule instanceof RuleSpec.NormalizePhone r) {
      normalizePhone(f, r);
    } else {
      throw new IllegalArgumentException("not a column rule: " + rule);
    }
  }

  private void each(
      Frame f, java.util.List<String> columns, java.util.function.UnaryOperator<Column> change) {
    f.require(columns);
    for (String column : columns) {
      f.set(column, change.apply(f.col(column)));
    }
  }

  /**
   * In mojibake the C1 controls are bytes of a letter ("Å" + U+0081 is "Ł"): stripping them would
   * lose the letter for good, so there only C0 controls go, and repair-mojibake restores the rest.
   */
  private static Column stripControlCharacters(Frame f, String column) {
    Column c = f.col(column);
    Column mojibake =
        functions.coalesce(f.expr(Checks.mojibakeSql(Sql.column(column))), functions.lit(false));
    return functions
        .when(mojibake, functions.regexp_replace(c, C0_CONTROL, ""))
        .otherwise(functions.regexp_replace(c, Checks.CONTROL, ""));
  }

  private static final String C0_CONTROL = "[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}]";

  /**
   * Phones to E.164 with the row's region (region-column) or the default regions. Each outcome is
   * decided once, in a struct column (see {@link #fallible} for why): INVALID follows on-fail,
   * MISMATCH on-country-mismatch and AMBIGUOUS on-ambiguous; an ambiguous number kept as given gets
   * the action "confirm-<column>", so the rows are counted in the staged table and the customer can
   * be asked.
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
      f.set(
          StageColumns.ACTIONS,
          functions
              .when(
                  functions.coalesce(ambiguous, functions.lit(false)),
                  functions.array_union(
                      actions, functions.array(functions.lit("confirm-" + r.column()))))
              .otherwise(actions));
    }
    f.reject(
        quarantined,
        StageColumns.QUARANTINE,
        functions.concat(functions.lit(r.column() + ": "), result.getField("detail")));
    Column asGiven = original.cast("string");
    Column value =
        functions
            .when(
                functions.coalesce(invalid, functions.lit(false)),
                r.onFail() == RuleSpec.OnFail.KEEP ? asGiven : functions.lit(null).cast("string"))
            .when(
                functions.coalesce(ambiguous, functions.lit(false)),
                r.onAmbiguous() == RuleSpec.OnAmbiguous.KEEP_AS_GIVEN
                    ? asGiven
                    : functions.lit(null).cast("string"))
            .otherwise(e164);
    f.set(r.column(), value);
    f.drop(VALUE);
  }

  private void cast(Frame f, RuleSpec.Cast r) {
    f.require(r.column());
    Column c = f.col(r.column());
    DataType target = TargetTypes.parse(r.to());
    boolean text = f.typeOf(r.column()) instanceof StringType;
    RuleSpec.OnFail onFail = r.onFail() == RuleSpec.OnFail.KEEP ? RuleSpec.OnFail.NULL : r.onFail();
    if (text
        && (target instanceof DateType || target instanceof TimestampType)
        && !r.formats().isEmpty()) {
      castDate(f, r, target, onFail);
    } else if (text && target instanceof org.apache.spark.sql.types.NumericType) {
      castNumber(f, r, target, onFail);
    } else if (TargetTypes.maxLength(r.to()).isPresent()) {
      castBounded(f, r, TargetTypes.maxLength(r.to()).get(), onFail);
    } else {
      Column present = Checks.present(c, placeholders);
      // Where present, the result is the parsed value; elsewhere it is null and the row is not
      // judged.
      fallible(
          f,
          r.column(),
          c,
          functions.when(present, c.cast(target)),
          result -> present.and(result.isNotNull()),
          onFail,
          "cannot be read as " + r.to().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Each step a column of its own, so the readings are computed once per row (see {@link
   * #fallible}).
   */
  private void castNumber(Frame f, RuleSpec.Cast r, DataType target, RuleSpec.OnFail onFail) {
    Column original = f.col(r.column());
    NumberReading reading = new NumberReading(r.numbers(), target, r.to());
    f.set(READINGS, reading.readings(functions.trim(original)));
    f.set(CANONICAL, reading.canonical(f.col(READINGS)));
    f.set(AMBIGUOUS, reading.ambiguous(f.col(READINGS), f.col(CANONICAL)));
    f.set(WHOLE, NumberReading.intDigits(f.col(CANONICAL)));
    f.set(DECIMALS, NumberReading.decimals(f.col(CANONICAL)));
    f.set(VALUE, reading.value(f.col(CANONICAL), f.col(WHOLE), f.col(DECIMALS)));
    Column value = f.col(VALUE);
    judged(
        f,
        r.column(),
        original,
        value,
        reading.problem(f.col(CANONICAL), f.col(AMBIGUOUS), f.col(WHOLE), f.col(DECIMALS), value),
        onFail);
    f.lossy(
        f.col(r.column()).isNotNull().and(reading.rounded(f.col(DECIMALS), f.col(r.column()))),
        "rounded");
    for (String helper : List.of(READINGS, CANONICAL, AMBIGUOUS, WHOLE, DECIMALS)) {
      f.drop(helper);
    }
  }

  private void castDate(Frame f, RuleSpec.Cast r, DataType target, RuleSpec.OnFail onFail) {
    Column original = f.col(r.column());
    DateReading reading = new DateReading(r.formats(), r.dates(), target);
    f.set(READINGS, reading.readings(original));
    f.set(VALUE, reading.chosen(f.col(READINGS)));
    Column value = f.col(VALUE);
    judged(
        f,
        r.column(),
        original,
        value,
        reading.problem(original, f.col(READINGS), value, r.to().toLowerCase(Locale.ROOT)),
        onFail);
    f.drop(READINGS);
  }

  /**
   * A cast to varchar(n): a longer value is quarantined, or cut and counted when the rule says
   * truncate = true.
   */
  private void castBounded(Frame f, RuleSpec.Cast r, int length, RuleSpec.OnFail onFail) {
    Column original = f.col(r.column());
    f.set(VALUE, original.cast("string"));
    Column value = f.col(VALUE);
    Column longer = functions.length(value).gt(length);
    if (r.truncate()) {
      f.lossy(longer, "truncated");
      f.set(
          r.column(),
          functions.when(longer, functions.substring(value, 1, length)).otherwise(value));
      f.drop(VALUE);
      return;
    }
    judged(
        f,
        r.column(),
        original,
        value,
        functions.when(
            longer,
            functions.concat(
                functions.length(value).cast("string"),
                functions.lit(
                    " characters, "
                        + r.to().toLowerCase(Locale.ROOT)
                        + " holds "
                        + length
                        + "; set truncate = true to cut it"))),
        onFail);
  }

  /**
   * Sets the value from the {@link #VALUE} column; where {@code problem} (a reason, or null) is set
   * on a present value, quarantines the row with it or nulls the value. Placeholders and blanks are
   * not judged and become null.
   */
  private void judged(
      Frame f,
      String column,
      Column original,
      Column value,
      Column problem,
      RuleSpec.OnFail onFail) {
    Column present = Checks.present(original, placeholders);
    f.set(BAD, functions.when(present, problem));
    Column bad = f.col(BAD);
    if (onFail == RuleSpec.OnFail.QUARANTINE) {
      f.reject(
          bad.isNotNull(),
          StageColumns.QUARANTINE,
          functions.concat(functions.lit(column + ": "), bad));
    }
    f.set(column, functions.when(present.and(bad.isNull()), value));
    f.drop(VALUE);
    f.drop(BAD);
  }

  private static final String READINGS = "_cutover_readings";
  private static final String CANONICAL = "_cutover_canonical";
  private static final String AMBIGUOUS = "_cutover_ambiguous";
  private static final String WHOLE = "_cutover_whole_digits";
  private static final String DECIMALS = "_cutover_decimals";

  private void mapValues(Frame f, RuleSpec.MapValues r) {
    f.require(r.column());
    Column c = f.col(r.column());
    Column mapped = null;
    for (Map.Entry<String, String> e : r.values().entrySet()) {
      Column when = c.cast("string").equalTo(e.getKey());
      mapped =
          mapped == null
              ? functions.when(when, functions.lit(e.getValue()))
              : mapped.when(when, functions.lit(e.getValue()));
    }
    Column known = c.cast("string").isin(r.values().keySet().toArray());
    Column result =
        switch (r.unmapped()) {
          case KEEP -> mapped.otherwise(c.cast("string"));
          case NULL, QUARANTINE -> mapped;
        };
    Column ok = c.isNull().or(known);
    fallible(
        f,
        r.column(),
        c,
        result,
        mappedValue -> ok,
        r.unmapped() == RuleSpec.OnFail.QUARANTINE
            ? RuleSpec.OnFail.QUARANTINE
            : RuleSpec.OnFail.NULL,
        "value is not in the code table");
  }

  /**
   * Sets the new value; where {@code ok} (of the new value) is false on a present value,
   * quarantines the row, nulls the value, or keeps the original, as the rule says. The new value
   * and the verdict are each computed once, in columns of their own: written inline they would sit
   * in the verdict, the condition and the result, where Spark's common-subexpression elimination
   * does not reach (behind AND, COALESCE and CASE), so a phone number would be parsed three times
   * per row.
   */
  private void fallible(
      Frame f,
      String column,
      Column original,
      Column value,
      java.util.function.UnaryOperator<Column> ok,
      RuleSpec.OnFail onFail,
      String reason) {
    f.set(VALUE, value);
    Column changed = f.col(VALUE);
    f.set(
        BAD,
        Checks.present(original, placeholders)
            .and(functions.not(functions.coalesce(ok.apply(changed), functions.lit(false)))));
    Column bad = f.col(BAD);
    if (onFail == RuleSpec.OnFail.QUARANTINE) {
      f.reject(bad, StageColumns.QUARANTINE, functions.lit(column + ": " + reason));
    }
    Column kept =
        onFail == RuleSpec.OnFail.KEEP
            ? functions.when(bad, original).otherwise(changed)
            : functions.when(bad, functions.lit(null)).otherwise(changed);
    f.set(column, kept);
    f.drop(VALUE);
    f.drop(BAD);
  }

  private static final String VALUE = "_cutover_value";
  private static final String BAD = "_cutover_bad";
}
