package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.NumberReading;
import io.cutover.core.rules.RuleDryRun;
import io.cutover.core.spec.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The cast to suggest for a column of numbers written with separators, tried on the column before
 * it is offered. Of the conventions comma-grouping, dot-grouping and both, the one that leaves the
 * fewest values unread wins, at a decimal wide enough for every value read; then the exact rule is
 * tried like every suggestion ({@link SuggestionTrial}). It is offered only if it quarantines no
 * more values than are no number at all (the wrong-type finding) and keeps every value's digits;
 * otherwise the finding says what a correct rule needs. Costs two aggregations over the column, and
 * runs only for columns with this finding.
 */
final class SeparatorAdvice {
  static final RuleSpec.Separators COMMA_GROUPING = new RuleSpec.Separators(",", ".");
  static final RuleSpec.Separators DOT_GROUPING = new RuleSpec.Separators(".", ",");
  private static final List<List<RuleSpec.Separators>> CANDIDATES =
      List.of(
          List.of(COMMA_GROUPING), List.of(DOT_GROUPING), List.of(COMMA_GROUPING, DOT_GROUPING));

  private static final String CANONICAL = "_cutover_read_";
  private static final String AMBIGUOUS = "_cutover_ambiguous_";

  private SeparatorAdvice() {}

  /**
   * The finding with the tried rule, or with what a correct rule needs. {@code values} holds the
   * rows with a meaningful value of the column; {@code notNumbers} is how many of them are no
   * number in any convention.
   */
  static ColumnFindings.Draft advise(
      ColumnFindings.Draft draft,
      Dataset<Row> values,
      ColumnPlan plan,
      long notNumbers,
      Set<String> placeholders) {
    Column text = functions.col(Predicates.quote(plan.name)).cast("string");
    // Pass 1: how each candidate reads the column. Each reading once per row, in a projection:
    // inside the aggregation it would be evaluated again by every aggregate that reads it.
    List<Column> readings = new ArrayList<>();
    for (int i = 0; i < CANDIDATES.size(); i++) {
      NumberReading.Preview p =
          NumberReading.preview(text, numbers(CANDIDATES.get(i)), "decimal(38,0)");
      readings.add(p.canonical().as(CANONICAL + i));
      readings.add(p.ambiguous().as(AMBIGUOUS + i));
    }
    Dataset<Row> read = values.select(readings.toArray(Column[]::new));
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < CANDIDATES.size(); i++) {
      Column canonical = read.col(CANONICAL + i);
      Column readable = canonical.isNotNull().and(functions.not(read.col(AMBIGUOUS + i)));
      aggregates.add(count(functions.not(readable)));
      aggregates.add(
          functions.coalesce(
              functions.max(functions.when(readable, NumberReading.decimals(canonical))),
              functions.lit(0)));
      aggregates.add(
          functions.coalesce(
              functions.max(functions.when(readable, NumberReading.wholeDigits(canonical))),
              functions.lit(0)));
    }
    Row first =
        read.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    int best = 0;
    for (int i = 1; i < CANDIDATES.size(); i++) {
      if (first.getLong(3 * i) < first.getLong(3 * best)) {
        best = i;
      }
    }
    List<RuleSpec.Separators> chosen = CANDIDATES.get(best);
    int scale = Math.max(2, first.getInt(3 * best + 1));
    int whole = first.getInt(3 * best + 2);
    if (whole + scale > 38) {
      return withComment(
          draft,
          "# "
              + plan.name
              + ": values have up to "
              + whole
              + " whole digits and "
              + scale
              + " decimals, more than a decimal holds (38 digits):"
              + " a correct rule casts to double (inexact) or keeps the column as text");
    }
    String to = "decimal(" + Math.max(18, whole + scale) + "," + scale + ")";
    String rule =
        SuggestedRules.rule(
            "type",
            "cast",
            "column",
            plan.name,
            "to",
            to,
            "separators",
            render(chosen),
            "on-fail",
            "quarantine");

    // Pass 2: the exact rule, tried as every suggestion is.
    SuggestionTrial.Outcome tried =
        SuggestionTrial.trial(rule, values, notNumbers, placeholders).orElseThrow();
    if (tried.offered()) {
      return withRule(draft, rule, tried);
    }
    RuleDryRun.Trial t = tried.trial();
    if (t.ambiguous() == 0) {
      return withRule(
          draft, "# " + plan.name + ": " + SuggestionTrial.refusal(tried, notNumbers, plan), tried);
    }
    String conventions =
        chosen.stream()
            .map(s -> "grouping '" + s.grouping() + "' with decimal '" + s.decimal() + "'")
            .reduce((a, b) -> a + " and " + b)
            .orElse("");
    String needs =
        t.ambiguous()
            + " values (e.g. '"
            + example(plan, t.ambiguousExample().orElse(null))
            + "') read as different numbers under "
            + conventions
            + ": no separator rule reads them correctly. A correct rule needs each value's convention from elsewhere (its source system"
            + " or country), or the business's word that one convention holds for them; "
            + rule
            + " would quarantine them as ambiguous";
    return withRule(draft, "# " + plan.name + ": " + needs, tried);
  }

  private static RuleSpec.Numbers numbers(List<RuleSpec.Separators> c) {
    return new RuleSpec.Numbers(c, false, RuleSpec.Rounding.NONE);
  }

  private static List<Map<String, String>> render(List<RuleSpec.Separators> c) {
    return c.stream()
        .map(
            s -> {
              Map<String, String> m = new LinkedHashMap<>();
              m.put("grouping", s.grouping());
              m.put("decimal", s.decimal());
              return m;
            })
        .toList();
  }

  private static Column count(Column condition) {
    return functions.coalesce(
        functions.sum(functions.when(condition, 1L).otherwise(0L)), functions.lit(0L));
  }

  private static String example(ColumnPlan plan, String value) {
    return value == null ? "" : plan.pii ? Masking.mask(value) : value;
  }

  private static ColumnFindings.Draft withRule(
      ColumnFindings.Draft d, String rule, SuggestionTrial.Outcome tried) {
    Map<String, Object> evidence = new LinkedHashMap<>(d.evidence());
    evidence.putAll(tried.evidence());
    return new ColumnFindings.Draft(
        d.category(),
        d.type(),
        d.severity(),
        SuggestionTrial.message(d.message(), tried),
        evidence,
        d.predicate(),
        rule);
  }

  private static ColumnFindings.Draft withComment(ColumnFindings.Draft d, String comment) {
    return new ColumnFindings.Draft(
        d.category(),
        d.type(),
        d.severity(),
        d.message() + "; no cast was found that reads them all (see the rule)",
        d.evidence(),
        d.predicate(),
        comment);
  }
}
