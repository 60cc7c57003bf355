package io.cutover.core.rules;

import io.cutover.core.spec.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * Strict reading of numbers written as text, in Spark expressions (no UDF): a value must match one
 * of the accepted separator conventions whole (groups of three digits, at most one decimal
 * separator), is rewritten by it to plain digits with a dot, and is then checked against the
 * target: more digits before the point than the target holds is an overflow, more decimals than its
 * scale is refused unless the rule rounds half-even. A value two conventions read as different
 * numbers ("1,234") is ambiguous. Spark's own cast would round half-up and turn an overflow into
 * null without a word; here each of these is a reason.
 */
public final class NumberReading {
  private final RuleSpec.Numbers numbers;
  private final DataType target;
  private final String to;

  /** Digits before and after the point the target holds (for integers: scale 0). */
  private final int precision;

  private final int scale;

  /**
   * A cast of {@code text} as a rule with {@code numbers} to type {@code to} would do it, for dry
   * runs (the audit tries a rule on a column before suggesting it): the value read with a dot, its
   * significant decimals and whole digits, the staged value and why it would not stage (null when
   * it stages). Expressions repeat here; stage computes each once.
   */
  public record Preview(
      Column canonical,
      Column ambiguous,
      Column decimals,
      Column wholeDigits,
      Column value,
      Column problem) {}

  public static Preview preview(Column text, RuleSpec.Numbers numbers, String to) {
    NumberReading r = new NumberReading(numbers, TargetTypes.parse(to), to);
    Column trimmed = functions.trim(text);
    Column readings = r.readings(trimmed);
    Column canonical = r.canonical(readings);
    Column whole = intDigits(canonical);
    Column decimals = decimals(canonical);
    Column value = r.value(canonical, whole, decimals);
    Column ambiguous = r.ambiguous(readings, canonical);
    return new Preview(
        canonical,
        ambiguous,
        decimals,
        whole,
        value,
        r.problem(canonical, ambiguous, whole, decimals, value));
  }

  NumberReading(RuleSpec.Numbers numbers, DataType target, String to) {
    this.numbers = numbers;
    this.target = target;
    this.to = to.toLowerCase(Locale.ROOT);
    if (target instanceof DecimalType d) {
      precision = d.precision();
      scale = d.scale();
    } else {
      precision =
          target instanceof ByteType
              ? 3
              : target instanceof ShortType
                  ? 5
                  : target instanceof IntegerType ? 10 : target instanceof LongType ? 19 : 0;
      scale = 0;
    }
  }

  private boolean exact() {
    return precision > 0;
  }

  /** The regex a trimmed value must match whole under one convention. */
  static String regex(RuleSpec.Separators s) {
    String d = Pattern.quote(s.decimal());
    String whole =
        s.grouping().isEmpty()
            ? "[0-9]+"
            : "(?:[0-9]{1,3}(?:" + Pattern.quote(s.grouping()) + "[0-9]{3})+|[0-9]+)";
    return "^[+-]?(?:" + whole + "(?:" + d + "[0-9]+)?|" + d + "[0-9]+)$";
  }

  /**
   * The value as plain digits with a dot, under each convention in turn (null where it does not
   * match).
   */
  Column readings(Column text) {
    List<Column> out = new ArrayList<>();
    for (RuleSpec.Separators s : numbers.accepted()) {
      // Literal replaces, not translate(): that looks up every character of every value in a map
      // (about half of the audit's passes over a column of numbers). Separators are single
      // characters.
      Column plain = s.grouping().isEmpty() ? text : replace(text, s.grouping(), "");
      if (!s.decimal().equals(".")) {
        plain = replace(plain, s.decimal(), ".");
      }
      out.add(functions.when(text.rlike(regex(s)), plain));
    }
    return out.size() == 1 ? out.get(0) : functions.array(out.toArray(Column[]::new));
  }

  /** The first convention's reading. */
  Column canonical(Column readings) {
    if (numbers.accepted().size() == 1) {
      return readings;
    }
    List<Column> each = new ArrayList<>();
    for (int i = 0; i < numbers.accepted().size(); i++) {
      each.add(readings.getItem(i));
    }
    return each.size() == 1 ? each.get(0) : functions.coalesce(each.toArray(Column[]::new));
  }

  /** True where two conventions read the value as different numbers. */
  Column ambiguous(Column readings, Column canonical) {
    Column out = functions.lit(false);
    for (int i = 1; i < numbers.accepted().size(); i++) {
      Column r = readings.getItem(i);
      out = out.or(r.isNotNull().and(r.notEqual(canonical)));
    }
    return out;
  }

  /** The significant whole digits of a value as {@link Preview#canonical} reads it. */
  public static Column wholeDigits(Column canonical) {
    return intDigits(canonical);
  }

  static Column intDigits(Column canonical) {
    Column whole = functions.substring_index(canonical, ".", 1);
    return functions.length(functions.ltrim(replace(replace(whole, "+", ""), "-", ""), "0"));
  }

  private static Column replace(Column text, String search, String with) {
    return functions.replace(text, functions.lit(search), functions.lit(with));
  }

  /** The significant decimals of a value as {@link Preview#canonical} reads it. */
  public static Column decimals(Column canonical) {
    Column fraction =
        functions
            .when(canonical.contains("."), functions.substring_index(canonical, ".", -1))
            .otherwise(functions.lit(""));
    return functions.length(functions.rtrim(fraction, "0"));
  }

  /**
   * Decimals a value may have and still round exactly: those a decimal(38, k) with the target's
   * whole digits keeps.
   */
  private int roundable() {
    return 38 - (precision - scale);
  }

  private boolean rounds() {
    return numbers.rounding() == RuleSpec.Rounding.HALF_EVEN;
  }

  /**
   * The value in the target type, or null where it cannot be read exactly (see {@link #problem}).
   */
  Column value(Column canonical, Column whole, Column decimals) {
    if (!exact()) {
      return canonical.cast(target);
    }
    Column fits = whole.leq(precision - scale);
    Column asIs = canonical.cast(DataTypes.createDecimalType(precision, scale));
    Column value = functions.when(fits.and(decimals.leq(scale)), asIs);
    if (rounds()) {
      Column rounded =
          functions
              .bround(canonical.cast(DataTypes.createDecimalType(38, roundable())), scale)
              .cast(DataTypes.createDecimalType(precision, scale));
      value = value.when(fits.and(decimals.leq(roundable())), rounded);
    }
    if (target instanceof DecimalType) {
      return value;
    }
    // Spark's decimal-to-integer cast wraps around on overflow: out-of-range values become null (an
    // overflow) first.
    long[] range =
        target instanceof ByteType
            ? new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE}
            : target instanceof ShortType
                ? new long[] {Short.MIN_VALUE, Short.MAX_VALUE}
                : target instanceof IntegerType
                    ? new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE}
                    : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    return functions.when(value.between(range[0], range[1]), value.cast(target));
  }

  /** True where the staged value was rounded: it had more decimals than the target keeps. */
  Column rounded(Column decimals, Column value) {
    return exact() && rounds() ? value.isNotNull().and(decimals.gt(scale)) : functions.lit(false);
  }

  /** Why a present value does not stage, or null. */
  Column problem(Column canonical, Column ambiguous, Column whole, Column decimals, Column value) {
    Column unread = canonical.isNull();
    Column out =
        functions
            .when(unread, functions.lit("cannot be read as " + to + conventions()))
            .when(
                ambiguous,
                functions.lit(
                    "ambiguous separators: "
                        + describe(numbers.accepted())
                        + " read it as different numbers; quarantined rather than guessed"));
    if (exact()) {
      Column digits = whole;
      out =
          out.when(
                  digits.gt(precision - scale),
                  functions.concat(
                      functions.lit("overflow: "),
                      digits.cast("string"),
                      functions.lit(
                          " digits before the decimal point, "
                              + to
                              + " holds "
                              + (precision - scale))))
              .when(
                  decimals.gt(rounds() ? roundable() : scale),
                  functions.concat(
                      functions.lit("scale: the value has "),
                      decimals.cast("string"),
                      functions.lit(
                          " decimals, "
                              + to
                              + " keeps "
                              + scale
                              + (rounds()
                                  ? " and cannot round that many exactly"
                                  : "; set rounding = half-even to round it"))));
    }
    return out.when(
        value.isNull(), functions.lit("overflow: does not fit " + to + " (after rounding)"));
  }

  private String conventions() {
    return numbers.equals(RuleSpec.Numbers.PLAIN)
        ? ""
        : numbers.auto()
            ? " (separators = auto)"
            : " with separators " + describe(numbers.accepted());
  }

  static String describe(List<RuleSpec.Separators> accepted) {
    return accepted.stream()
        .map(s -> "{grouping '" + s.grouping() + "', decimal '" + s.decimal() + "'}")
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
