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
 * Target integrity with Deequ: key complete and unique, NOT NULL columns complete, and the spec's checks. Deequ
 * has no grouped constraints, so the run's cohorts are checked together in one pass; every constraint holding
 * over all of them holds for each (and each metric is then exactly 1). Only when one fails are the filterable
 * constraints judged again cohort by cohort, still in one pass (Deequ's {@code where}); a duplicated key is
 * placed by the row check's per-cohort count, since a filtered uniqueness would be a grouping pass per cohort.
 */
final class TargetIntegrity {
    private static final String UNIQUE = "UniquenessConstraint";
    private final TargetSpec target;
    private final List<String> key;

    TargetIntegrity(TargetSpec target, List<String> key) {
        this.target = target;
        this.key = key;
    }

    /** The constraints over every row given: the first, cheap pass. */
    DeequVerification.Result overAll(Dataset<Row> actual) {
        return verification(true).run(actual);
    }

    /** Whether the key was found unique over all rows (only a one-column key gets Deequ's uniqueness constraint). */
    boolean keyUnique(DeequVerification.Result all) {
        return key.size() == 1 && all.outcomes().stream().filter(o -> o.constraint().startsWith(UNIQUE)).allMatch(DeequVerification.Outcome::passed);
    }

    /** An integrity outcome per cohort, from the pass over all rows and, if needed, one pass judging each cohort. */
    Map<String, CheckOutcome> perCohort(DeequVerification.Result all, Dataset<Row> actual, List<String> cohorts, Map<String, Long> duplicates) {
        Map<String, CheckOutcome> out = new TreeMap<>();
        if (cohorts.size() == 1 || all.passed()) {
            cohorts.forEach(c -> out.put(c, outcome(all.outcomes(), all.metrics())));
            return out;
        }
        Map<String, String> filters = new LinkedHashMap<>();
        cohorts.forEach(c -> filters.put(c, Sql.column(StageColumns.COHORT) + " = " + Sql.literal(c)));
        Map<String, DeequVerification.Result> each = verification(false).perGroup(actual, filters);
        List<DeequVerification.Outcome> unique = all.outcomes().stream().filter(o -> o.constraint().startsWith(UNIQUE)).toList();
        for (String c : cohorts) {
            List<DeequVerification.Outcome> outcomes = new ArrayList<>(each.get(c).outcomes());
            List<DeequVerification.Measured> metrics = new ArrayList<>(each.get(c).metrics());
            long dup = duplicates.getOrDefault(c, 0L);
            for (DeequVerification.Outcome u : unique) {
                outcomes.add(dup == 0 ? new DeequVerification.Outcome(u.constraint(), true, "")
                        : new DeequVerification.Outcome(u.constraint(), false, dup + " duplicated keys in this cohort"));
                if (dup == 0) {
                    metrics.add(new DeequVerification.Measured("Column", key.get(0), "Uniqueness", 1.0));
                }
            }
            out.put(c, outcome(outcomes, metrics));
        }
        return out;
    }

    private DeequVerification verification(boolean withUniqueness) {
        DeequVerification verification = new DeequVerification();
        key.forEach(verification::complete);
        if (withUniqueness && key.size() == 1) {
            verification.unique(key.get(0));
        }
        target.columns().stream().filter(c -> !c.nullable() && !key.contains(c.name())).forEach(c -> verification.complete(c.name()));
        target.checks().forEach(c -> verification.satisfies(c.name(), c.expression()));
        return verification;
    }

    private static CheckOutcome outcome(List<DeequVerification.Outcome> outcomes, List<DeequVerification.Measured> metrics) {
        List<String> failed = outcomes.stream().filter(o -> !o.passed()).map(o -> o.constraint() + (o.message().isEmpty() ? "" : " (" + o.message() + ")")).toList();
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("constraints", outcomes.size());
        numbers.put("failed", failed.size());
        // Deequ's own metrics behind the constraints, kept with the run so they can be compared over time.
        metrics.forEach(m -> numbers.put(m.name() + "(" + m.instance() + ")", m.value()));
        if (failed.isEmpty()) {
            return CheckOutcome.pass("integrity", outcomes.size() + " Deequ constraints hold (key complete and unique, NOT NULL columns, checks)", numbers);
        }
        return new CheckOutcome("integrity", Verdict.FAIL, failed.size() + " of " + outcomes.size() + " Deequ constraints fail: " + String.join("; ", failed),
                numbers, List.of());
    }
}
