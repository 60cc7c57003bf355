package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.NumberReading;
import io.cutover.core.spec.RuleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The cast to suggest for a column of numbers written with separators, tried on the column before
 * it is offered. Of the conventions comma-grouping, dot-grouping and both, the one that leaves the
 * fewest values unread wins, at a decimal wide enough for every value read; then the exact rule is
 * dry-run with stage's own parse. It is offered only if it quarantines no more values than are no
 * number at all (the wrong-type finding) and keeps every value's digits; otherwise the finding says
 * what a correct rule needs. Costs two aggregations over the column, and runs only for columns with
 * this finding.
 */
final class SeparatorAdvice {
  static final RuleSpec.Separators COMMA_GROUPING = new RuleSpec.Separators(",", ".");
  static final RuleSpec.Separators DOT_GROUPING = new RuleSpec.Separators(".", ",");
  private static final List<List<RuleSpec.Separators>> CANDIDATES =
      List.of(
          List.of(COMMA_GROUPING), List.of(DOT_GROUPING), List.of(COMMA_GROUPING, DOT_GROUPING));

  private SeparatorAdvice() {}

  /**
   * The finding with the tried rule, or with what a correct rule needs. {@code values} holds the
   * rows with a meaningful value of the column; {@code notNumbers} is how many of them are no
   * number in any convention.
   */
  static ColumnFindings.Draft advise(
      ColumnFindings.Draft draft, Dataset<Row> values, ColumnPlan plan, long notNumbers) {
    Column text = functions.col(Predicates.quote(plan.name)).cast("string");
    // Pass 1: how each candidate reads the column.
    List<Column> aggregates = new ArrayList<>();
    for (List<RuleSpec.Separators> c : CANDIDATES) {
      NumberReading.Preview p = NumberReading.preview(text, numbers(c), "decimal(38,0)");
      Column read = p.canonical().isNotNull().and(functions.not(p.ambiguous()));
      aggregates.add(count(functions.not(read)));
      aggregates.add(
          functions.coalesce(functions.max(functions.when(read, p.decimals())), functions.lit(0)));
      aggregates.add(
          functions.coalesce(
              functions.max(functions.when(read, p.wholeDigits())), functions.lit(0)));
    }
    Row first =
        values
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
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
      return withRule(
          draft,
          "# "
              + plan.name
              + ": values have up to "
              + whole
              + " whole digits and "
              + scale
              + " decimals, more than a decimal holds (38 digits):"
              + " a correct rule casts to double (inexact) or keeps the column as text",
          Map.of());
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

    // Pass 2: the exact rule, as stage would run it.
    NumberReading.Preview p = NumberReading.preview(text, numbers(chosen), to);
    Column changed =
        p.problem().isNull().and(digits(text).notEqual(digits(p.value().cast("string"))));
    Row second =
        values
            .agg(
                count(p.problem().isNotNull()),
                count(changed),
                count(p.ambiguous()),
                functions.first(functions.when(p.ambiguous(), text), true),
                functions.first(
                    functions.when(p.problem().isNotNull().and(p.canonical().isNotNull()), text),
                    true))
            .first();
    long quarantined = second.getLong(0);
    long lost = second.getLong(1);
    long ambiguous = second.getLong(2);
    Map<String, Object> tried = new LinkedHashMap<>();
    tried.put("dry_run_quarantined", quarantined);
    tried.put("dry_run_changed", lost);
    tried.put("dry_run_ambiguous", ambiguous);
    if (quarantined <= notNumbers && lost == 0) {
      return withRule(draft, rule, tried);
    }
    String conventions =
        chosen.stream()
            .map(s -> "grouping '" + s.grouping() + "' with decimal '" + s.decimal() + "'")
            .reduce((a, b) -> a + " and " + b)
            .orElse("");
    String needs;
    if (ambiguous > 0) {
      needs =
          ambiguous
              + " values (e.g. '"
              + example(plan, second.getString(3))
              + "') read as different numbers under "
              + conventions
              + ": no separator rule reads them correctly. A correct rule needs each value's convention from elsewhere (its source system"
              + " or country), or the business's word that one convention holds for them; "
              + rule
              + " would quarantine them as ambiguous";
    } else if (lost > 0) {
      needs =
          lost
              + " values would lose digits under "
              + rule
              + ": a correct rule needs a wider decimal";
    } else {
      needs =
          rule
              + " would quarantine "
              + (quarantined - notNumbers)
              + " values that are numbers (e.g. '"
              + example(plan, second.getString(4))
              + "'): a correct rule needs a wider target type";
    }
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

  /** The digits of a number, without leading or trailing zeros: what no cast may change. */
  private static Column digits(Column s) {
    return functions.ltrim(functions.rtrim(functions.regexp_replace(s, "[^0-9]", ""), "0"), "0");
  }

  private static Column count(Column condition) {
    return functions.coalesce(
        functions.sum(functions.when(condition, 1L).otherwise(0L)), functions.lit(0L));
  }

  private static String example(ColumnPlan plan, String value) {
    return value == null ? "" : plan.pii ? Masking.mask(value) : value;
  }

  private static ColumnFindings.Draft withRule(
      ColumnFindings.Draft d, String rule, Map<String, Object> tried) {
    Map<String, Object> evidence = new LinkedHashMap<>(d.evidence());
    evidence.putAll(tried);
    String message =
        rule.startsWith("#")
            ? d.message()
                + "; no cast was found that reads them all without guessing (see the rule)"
            : d.message()
                + "; the suggested cast was tried on the column and quarantines only the "
                + tried.get("dry_run_quarantined")
                + " values that are no number";
    return new ColumnFindings.Draft(
        d.category(), d.type(), d.severity(), message, evidence, d.predicate(), rule);
  }
}
