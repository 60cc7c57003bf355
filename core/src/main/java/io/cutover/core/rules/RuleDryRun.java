package io.cutover.core.rules;

import io.cutover.core.spec.RuleSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.TimestampType;

/**
 * One column rule tried on a column's values exactly as stage would apply it, without writing
 * anything: how many values it would quarantine, and how many it would stage with other digits than
 * the legacy value has (a lost decimal, a phone moved to another country, a two-digit year read in
 * the wrong century). Costs one aggregation over {@code rows}.
 */
public final class RuleDryRun {
  private static final String BEFORE = "_cutover_dry_run_before";
  private static final String AFTER = "_cutover_dry_run_after";
  private static final String REASON = "_cutover_dry_run_reason";
  private static final String QUARANTINED = "_cutover_dry_run_quarantined";
  private static final String CHANGED = "_cutover_dry_run_changed";
  private static final String AMBIGUOUS = "_cutover_dry_run_ambiguous";
  private static final String WEIGHT = "_cutover_dry_run_weight";

  /**
   * What the rule would do to the values.
   *
   * @param ambiguous the quarantined values whose reason says "ambiguous", with an example
   * @param quarantinedExample a legacy value the rule would quarantine, with its reason
   * @param changedExample a legacy value whose digits the rule would change, and what it would
   *     become
   */
  public record Trial(
      long quarantined,
      long changed,
      long ambiguous,
      Optional<String> ambiguousExample,
      Optional<String> quarantinedExample,
      Optional<String> quarantinedReason,
      Optional<String> changedExample,
      Optional<String> changedTo) {}

  private RuleDryRun() {}

  /**
   * True for the rules that change values of one column: only those can change a value's meaning.
   */
  public static Optional<String> changedColumn(RuleSpec rule) {
    if (rule instanceof RuleSpec.Cast r) {
      return Optional.of(r.column());
    }
    if (rule instanceof RuleSpec.NormalizePhone r) {
      return Optional.of(r.column());
    }
    if (rule instanceof RuleSpec.NormalizeEmail r) {
      return Optional.of(r.column());
    }
    if (rule instanceof RuleSpec.MapValues r) {
      return Optional.of(r.column());
    }
    if (rule instanceof RuleSpec.Default r) {
      return Optional.of(r.column());
    }
    List<String> columns =
        rule instanceof RuleSpec.Trim r
            ? r.columns()
            : rule instanceof RuleSpec.ChangeCase r
                ? r.columns()
                : rule instanceof RuleSpec.RepairMojibake r
                    ? r.columns()
                    : rule instanceof RuleSpec.StripControlCharacters r ? r.columns() : List.of();
    return columns.size() == 1 ? Optional.of(columns.get(0)) : Optional.empty();
  }

  /**
   * Applies {@code rule} (a rule for which {@link #changedColumn} is present) to {@code rows} and
   * counts what it does; a rule that does not apply to them (a missing column, an expression that
   * does not analyse) throws a {@link io.cutover.core.run.CutoverException} naming the rule.
   */
  public static Trial of(Dataset<Row> rows, RuleSpec rule, Set<String> placeholders) {
    return of(rows, rule, placeholders, null);
  }

  /**
   * True for the rules whose outcome on a row depends on the changed column's value alone (not a
   * phone read with each row's region column, not a default): those can be tried once per distinct
   * value.
   */
  public static boolean readsOwnValueOnly(RuleSpec rule) {
    return changedColumn(rule).isPresent()
        && !(rule instanceof RuleSpec.Default)
        && !(rule instanceof RuleSpec.NormalizePhone p && p.regionColumn().isPresent());
  }

  /**
   * As {@link #of(Dataset, RuleSpec, Set)}, on {@code rows} that stand for {@code weight} rows each
   * (a long column; null: one each), e.g. the distinct values of a column with their counts.
   */
  public static Trial of(
      Dataset<Row> rows, RuleSpec rule, Set<String> placeholders, String weight) {
    String column =
        changedColumn(rule)
            .orElseThrow(() -> new IllegalArgumentException("not a one-column rule: " + rule));
    new Frame(rows, rule).require(column);
    Dataset<Row> start =
        RuleCompiler.withRuleColumns(
            rows.withColumn(BEFORE, rows.col(Sql.column(column)).cast(DataTypes.StringType)));
    Frame f = new Frame(start, rule);
    new ColumnRules(placeholders).apply(f, rule);
    f.settle();
    Dataset<Row> tried = f.data();
    Column before = tried.col(BEFORE);
    Column after = tried.col(Sql.column(column));
    Column outcome = tried.col(StageColumns.OUTCOME);
    Column quarantined =
        outcome.isNotNull().and(outcome.getField("kind").equalTo(StageColumns.QUARANTINE));
    Column changed =
        outcome
            .isNull()
            .and(before.isNotNull())
            .and(functions.not(digitsKept(rule, before, after, f.typeOf(column))));
    Column reason = outcome.getField("reason");
    Column ambiguous = quarantined.and(functions.lower(reason).contains("ambiguous"));
    Column w = weight == null ? functions.lit(1L) : tried.col(Sql.column(weight));
    // Each verdict once per row, in a projection: inside the aggregation a verdict may be evaluated
    // again by each aggregate that reads it (a first() guards its input, out of reach of Spark's
    // common-subexpression elimination).
    Dataset<Row> judged =
        tried.select(
            quarantined.as(QUARANTINED),
            changed.as(CHANGED),
            ambiguous.as(AMBIGUOUS),
            before.as(BEFORE),
            reason.as(REASON),
            after.cast(DataTypes.StringType).as(AFTER),
            w.as(WEIGHT));
    Column q = judged.col(QUARANTINED);
    Column c = judged.col(CHANGED);
    Column a = judged.col(AMBIGUOUS);
    Column was = judged.col(BEFORE);
    Row r =
        judged
            .agg(
                count(q, judged.col(WEIGHT)),
                count(c, judged.col(WEIGHT)),
                count(a, judged.col(WEIGHT)),
                functions.first(functions.when(a, was), true),
                functions.first(functions.when(q, was), true),
                functions.first(functions.when(q, judged.col(REASON)), true),
                functions.first(functions.when(c, was), true),
                functions.first(functions.when(c, judged.col(AFTER)), true))
            .first();
    return new Trial(
        r.getLong(0),
        r.getLong(1),
        r.getLong(2),
        Optional.ofNullable(r.getString(3)),
        Optional.ofNullable(r.getString(4)),
        Optional.ofNullable(r.getString(5)),
        Optional.ofNullable(r.getString(6)),
        Optional.ofNullable(r.getString(7)));
  }

  /**
   * Whether the staged value keeps the legacy value's digits, as the rule's kind allows: a number
   * keeps them up to leading and trailing zeros; a phone may gain its country code and lose a trunk
   * zero, no more; a date keeps every number it was written with (a year, month and day, in any
   * order); text keeps them exactly.
   */
  private static Column digitsKept(RuleSpec rule, Column before, Column after, DataType type) {
    Column was = functions.regexp_replace(before, "[^0-9]", "");
    Column is = functions.regexp_replace(after.cast(DataTypes.StringType), "[^0-9]", "");
    if (rule instanceof RuleSpec.NormalizePhone) {
      return functions.coalesce(is.endsWith(functions.ltrim(was, "0")), functions.lit(false));
    }
    if (type instanceof NumericType) {
      return stripZeros(was).equalTo(stripZeros(is));
    }
    if (type instanceof DateType || type instanceof TimestampType) {
      Column parts =
          functions.date_format(after, type instanceof DateType ? "yyyy M d" : "yyyy M d H m s");
      return functions.size(functions.array_except(numbers(before), numbers(parts))).equalTo(0);
    }
    return functions.coalesce(was.equalTo(is), functions.lit(after.isNull()));
  }

  /** The numbers written in a text, as integers (leading zeros do not count). */
  private static Column numbers(Column text) {
    return functions.transform(
        functions.split(functions.trim(functions.regexp_replace(text, "[^0-9]+", " ")), " "),
        x -> functions.when(x.notEqual(""), x.cast("long")));
  }

  private static Column stripZeros(Column digits) {
    return functions.ltrim(functions.rtrim(digits, "0"), "0");
  }

  private static Column count(Column condition, Column weight) {
    return functions.coalesce(
        functions.sum(functions.when(condition, weight).otherwise(0L)), functions.lit(0L));
  }
}
