package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.RuleDryRun;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.RuleSpec;
import io.cutover.core.spec.RuleText;
import io.cutover.core.spec.SpecException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Every suggested rule that changes values (casts, date parsing, phone normalisation, trims,
 * repairs ...) is tried on the column's values before it is offered, with stage's own rule code
 * ({@link RuleDryRun}): a rule that would quarantine more values than its finding counts, or stage
 * a value with other digits than the legacy one, is not offered; the finding's rule becomes a
 * comment saying what it would do and what a correct rule needs. Evidence {@code
 * dry_run_quarantined}, {@code dry_run_changed}, {@code dry_run_ambiguous}. Costs one aggregation
 * over the column's meaningful values per finding with such a rule; rules that only decide rows
 * (validate, exclude, drop) are not tried.
 */
final class SuggestionTrial {
  private static final String WEIGHT = "_cutover_trial_rows";

  private SuggestionTrial() {}

  /** The values a finding counts (its evidence "rows"; 0 when it counts none). */
  static long rows(Finding f) {
    return f.evidence().get("rows") instanceof Number n ? n.longValue() : 0L;
  }

  /** A suggestion tried on the values: the rule that ran, what it did, and whether it passed. */
  record Outcome(String rule, RuleDryRun.Trial trial, boolean offered) {
    Map<String, Object> evidence() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dry_run_quarantined", trial.quarantined());
      out.put("dry_run_changed", trial.changed());
      out.put("dry_run_ambiguous", trial.ambiguous());
      return out;
    }
  }

  /**
   * Tries {@code rule} on {@code values} (the rows with a meaningful value of the column); it
   * passes if it quarantines at most {@code allowed} values and changes no value's digits. Empty
   * when the rule changes no values, so there is nothing to try. A rule the spec parser rejects
   * throws {@link SpecException}; one that does not apply to the column, {@link CutoverException}.
   */
  static Optional<Outcome> trial(
      String rule, Dataset<Row> values, long allowed, Set<String> placeholders) {
    return trial(rule, values, allowed, placeholders, false);
  }

  /**
   * As {@link #trial(String, Dataset, long, Set)}; with {@code fewValues} (the column has far fewer
   * distinct values than rows) a rule that reads the text column's value alone is tried once per
   * distinct value, weighted by its rows: the same counts from a smaller aggregation.
   */
  static Optional<Outcome> trial(
      String rule, Dataset<Row> values, long allowed, Set<String> placeholders, boolean fewValues) {
    if (!rule.startsWith("{")) {
      return Optional.empty();
    }
    RuleSpec parsed = RuleText.parse(rule, "suggested rule");
    if (RuleDryRun.changedColumn(parsed).isEmpty()) {
      return Optional.empty();
    }
    String column = RuleDryRun.changedColumn(parsed).get();
    RuleDryRun.Trial t =
        fewValues
                && RuleDryRun.readsOwnValueOnly(parsed)
                && Arrays.asList(values.columns()).contains(column)
                && values.schema().apply(column).dataType() == DataTypes.StringType
            ? RuleDryRun.of(
                values
                    .groupBy(functions.col(Predicates.quote(column)))
                    .agg(functions.count(functions.lit(1)).as(WEIGHT)),
                parsed,
                placeholders,
                WEIGHT)
            : RuleDryRun.of(values, parsed, placeholders);
    return Optional.of(new Outcome(rule, t, t.quarantined() <= allowed && t.changed() == 0));
  }

  /**
   * The finding with its suggestion tried: kept when it passes, else replaced by what it would do
   * and what a correct rule needs. {@code allowed}: the values the findings this rule is suggested
   * for count (one phone rule answers the invalid numbers and those of another country alike).
   * Findings already tried, or without a value-changing rule, come back as they are.
   */
  static Finding tried(
      Finding f, long allowed, Dataset<Row> values, ColumnPlan plan, Set<String> placeholders) {
    return tried(f, allowed, values, plan, placeholders, false);
  }

  /** As above; {@code fewValues} as for {@link #trial(String, Dataset, long, Set, boolean)}. */
  static Finding tried(
      Finding f,
      long allowed,
      Dataset<Row> values,
      ColumnPlan plan,
      Set<String> placeholders,
      boolean fewValues) {
    if (f.evidence().containsKey("dry_run_quarantined")) {
      return f;
    }
    Optional<Outcome> outcome;
    try {
      outcome = trial(f.suggestedRule(), values, allowed, placeholders, fewValues);
    } catch (SpecException | CutoverException e) {
      // A suggestion that cannot be read or run is not offered: the finding says why, and the
      // other findings go on.
      return new Finding(
          f.dataset(),
          f.column(),
          f.category(),
          f.type(),
          f.severity(),
          f.message() + "; the suggested rule could not be tried (see the rule)",
          f.evidence(),
          f.examples(),
          "# "
              + plan.name
              + ": "
              + f.suggestedRule()
              + " could not be tried on the column: "
              + firstLine(e.getMessage()));
    }
    if (outcome.isEmpty()) {
      return f;
    }
    Outcome o = outcome.get();
    String rule = o.offered() ? o.rule() : "# " + plan.name + ": " + refusal(o, allowed, plan);
    Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
    evidence.putAll(o.evidence());
    return new Finding(
        f.dataset(),
        f.column(),
        f.category(),
        f.type(),
        f.severity(),
        message(f.message(), o),
        evidence,
        f.examples(),
        rule);
  }

  /** The finding's message with what the trial found. */
  static String message(String message, Outcome o) {
    return o.offered()
        ? message
            + "; the suggested rule was tried on the column: it quarantines "
            + o.trial().quarantined()
            + " values and keeps every other value's digits"
        : message + "; no rule was found that reads them all without changing them (see the rule)";
  }

  /** What the tried rule would do wrong, and what a correct rule needs instead. */
  static String refusal(Outcome o, long allowed, ColumnPlan plan) {
    RuleDryRun.Trial t = o.trial();
    StringBuilder out = new StringBuilder(o.rule()).append(" would");
    if (t.quarantined() > allowed) {
      out.append(" quarantine ")
          .append(t.quarantined())
          .append(" values, more than the ")
          .append(allowed)
          .append(" its findings count")
          .append(
              t.quarantinedExample()
                  .map(
                      v ->
                          " (e.g. '"
                              + example(plan, v)
                              + "': "
                              + t.quarantinedReason().map(r -> masked(plan, r)).orElse("")
                              + ")")
                  .orElse(""));
    }
    if (t.changed() > 0) {
      out.append(t.quarantined() > allowed ? " and" : "")
          .append(" stage ")
          .append(t.changed())
          .append(" values with other digits")
          .append(
              t.changedExample()
                  .map(
                      v ->
                          " (e.g. '"
                              + example(plan, v)
                              + "' as '"
                              + t.changedTo().map(a -> example(plan, a)).orElse("")
                              + "')")
                  .orElse(""));
    }
    return out.append(": a correct rule needs ").append(needs(o.rule())).toString();
  }

  private static String needs(String rule) {
    RuleSpec r = RuleText.parse(rule, "suggested rule");
    if (r instanceof RuleSpec.NormalizePhone) {
      return "each row's country (region-column = <country column>) or the default-region the"
          + " numbers belong to";
    }
    if (r instanceof RuleSpec.Cast c && (c.to().equals("date") || c.to().startsWith("timestamp"))) {
      return "every format the values are written in (formats), and the business's word on the"
          + " century of two-digit years (pivot-year) and on day/month order (prefer): a"
          + " suggestion does not guess them";
    }
    if (r instanceof RuleSpec.Cast) {
      return "the separators each value is written in (separators), a target type wide enough for"
          + " every value, or the values that are no number cleaned first";
    }
    return "to be written by hand for these values";
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message);
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String example(ColumnPlan plan, String value) {
    return value == null ? "" : plan.pii ? Masking.mask(value) : value;
  }

  /** A quarantine reason may quote the value: masked as a whole for personal data. */
  private static String masked(ColumnPlan plan, String reason) {
    return plan.pii ? "(reason withheld: personal data)" : reason;
  }
}
