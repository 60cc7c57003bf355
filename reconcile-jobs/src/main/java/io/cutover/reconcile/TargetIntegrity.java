package io.cutover.reconcile;

import io.cutover.core.deequ.DeequVerification;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Target integrity with Deequ: key complete and unique, NOT NULL columns complete, and the spec's
 * checks. Deequ has no grouped constraints, so the run's cohorts are checked together in one pass;
 * every constraint holding over all of them holds for each (and each metric is then exactly 1).
 * Only the constraints that fail are judged again cohort by cohort, in one more pass (Deequ's
 * {@code where}); a duplicated key is placed by the row check's per-cohort count, since a filtered
 * uniqueness would be a grouping pass per cohort.
 */
final class TargetIntegrity {
  private final TargetSpec target;
  private final List<String> key;

  TargetIntegrity(TargetSpec target, List<String> key) {
    this.target = target;
    this.key = key;
  }

  /** The constraints over every row given: the first, cheap pass. */
  DeequVerification.Result overAll(Dataset<Row> actual) {
    return verification(constraints()).run(actual);
  }

  /**
   * Whether the key was found unique over all rows (only a one-column key gets Deequ's uniqueness
   * constraint).
   */
  boolean keyUnique(DeequVerification.Result all) {
    List<Constraint> constraints = constraints();
    for (int i = 0; i < constraints.size(); i++) {
      if (constraints.get(i).unique() && !all.outcomes().get(i).passed()) {
        return false;
      }
    }
    return key.size() == 1;
  }

  /**
   * An integrity outcome per cohort, from the pass over all rows and, if one failed, one pass
   * judging each cohort.
   */
  Map<String, CheckOutcome> perCohort(
      DeequVerification.Result all,
      Dataset<Row> actual,
      List<String> cohorts,
      DuplicateKeys duplicates) {
    Map<String, CheckOutcome> out = new TreeMap<>();
    List<Constraint> constraints = constraints();
    if (cohorts.size() == 1 || all.passed()) {
      for (String c : cohorts) {
        // Deequ's uniqueness says how unique the key is, not which keys repeat: the grouping by key
        // does.
        List<DeequVerification.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
          DeequVerification.Outcome o = all.outcomes().get(i);
          outcomes.add(
              constraints.get(i).unique() && !o.passed() && duplicates.in(c) > 0
                  ? duplicated(o, c, duplicates)
                  : o);
        }
        out.put(c, outcome(outcomes, all.metrics()));
      }
      return out;
    }
    // The i-th outcome is the i-th constraint added; those that held over all rows hold (at 1) in
    // every cohort.
    List<Constraint> failed = new ArrayList<>();
    for (int i = 0; i < constraints.size(); i++) {
      if (!all.outcomes().get(i).passed() && !constraints.get(i).unique()) {
        failed.add(constraints.get(i));
      }
    }
    Map<String, DeequVerification.Result> each = Map.of();
    if (!failed.isEmpty()) {
      Map<String, String> filters = new LinkedHashMap<>();
      cohorts.forEach(
          c -> filters.put(c, Sql.column(StageColumns.COHORT) + " = " + Sql.literal(c)));
      each = verification(failed).perGroup(actual, filters);
    }
    for (String c : cohorts) {
      List<DeequVerification.Outcome> outcomes = new ArrayList<>();
      List<DeequVerification.Measured> metrics = new ArrayList<>();
      int again = 0;
      for (int i = 0; i < constraints.size(); i++) {
        DeequVerification.Outcome overall = all.outcomes().get(i);
        if (overall.passed()) {
          outcomes.add(overall);
          metrics.add(constraints.get(i).metric(1.0));
        } else if (constraints.get(i).unique()) {
          long dup = duplicates.in(c);
          outcomes.add(
              dup == 0
                  ? new DeequVerification.Outcome(overall.constraint(), true, "")
                  : duplicated(overall, c, duplicates));
          if (dup == 0) {
            metrics.add(constraints.get(i).metric(1.0));
          }
        } else {
          DeequVerification.Result r = each.get(c);
          outcomes.add(r.outcomes().get(again));
          again++;
        }
      }
      if (each.containsKey(c)) {
        metrics.addAll(each.get(c).metrics());
      }
      out.put(c, outcome(outcomes, metrics));
    }
    return out;
  }

  private static DeequVerification.Outcome duplicated(
      DeequVerification.Outcome unique, String cohort, DuplicateKeys duplicates) {
    return new DeequVerification.Outcome(
        unique.constraint(),
        false,
        duplicates.in(cohort)
            + " duplicated keys in this cohort"
            + duplicates.examplesText(cohort));
  }

  /** What a constraint asks of its column, and the Deequ metric that measures it. */
  private enum Kind {
    COMPLETE("Completeness"),
    UNIQUE("Uniqueness"),
    SATISFIES("Compliance");

    private final String metric;

    Kind(String metric) {
      this.metric = metric;
    }
  }

  /** A constraint of the integrity check, in the order they are added to Deequ. */
  private record Constraint(Kind kind, String column, String expression) {
    boolean unique() {
      return kind == Kind.UNIQUE;
    }

    /** Deequ's metric behind the constraint, named as Deequ names it. */
    DeequVerification.Measured metric(double value) {
      return new DeequVerification.Measured("Column", column, kind.metric, value);
    }

    void addTo(DeequVerification verification) {
      switch (kind) {
        case COMPLETE -> verification.complete(column);
        case UNIQUE -> verification.unique(column);
        case SATISFIES -> verification.satisfies(column, expression);
      }
    }
  }

  private List<Constraint> constraints() {
    List<Constraint> out = new ArrayList<>();
    key.forEach(k -> out.add(new Constraint(Kind.COMPLETE, k, null)));
    if (key.size() == 1) {
      out.add(new Constraint(Kind.UNIQUE, key.get(0), null));
    }
    target.columns().stream()
        .filter(c -> !c.nullable() && !key.contains(c.name()))
        .forEach(c -> out.add(new Constraint(Kind.COMPLETE, c.name(), null)));
    target.checks().forEach(c -> out.add(new Constraint(Kind.SATISFIES, c.name(), c.expression())));
    return out;
  }

  private static DeequVerification verification(List<Constraint> constraints) {
    DeequVerification verification = new DeequVerification();
    constraints.forEach(c -> c.addTo(verification));
    return verification;
  }

  private static CheckOutcome outcome(
      List<DeequVerification.Outcome> outcomes, List<DeequVerification.Measured> metrics) {
    List<String> failed =
        outcomes.stream()
            .filter(o -> !o.passed())
            .map(o -> o.constraint() + (o.message().isEmpty() ? "" : " (" + o.message() + ")"))
            .toList();
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("constraints", outcomes.size());
    numbers.put("failed", failed.size());
    // Deequ's own metrics behind the constraints, kept with the run so they can be compared over
    // time.
    metrics.forEach(m -> numbers.put(m.name() + "(" + m.instance() + ")", m.value()));
    if (failed.isEmpty()) {
      return CheckOutcome.pass(
          "integrity",
          outcomes.size()
              + " Deequ constraints hold (key complete and unique, NOT NULL columns, checks)",
          numbers);
    }
    return new CheckOutcome(
        "integrity",
        Verdict.FAIL,
        failed.size()
            + " of "
            + outcomes.size()
            + " Deequ constraints fail: "
            + String.join("; ", failed),
        numbers,
        List.of());
  }
}
