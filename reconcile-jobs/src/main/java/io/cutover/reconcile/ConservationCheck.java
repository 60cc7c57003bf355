package io.cutover.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conservation from the tables themselves: a cohort's legacy rows against its staged, quarantined and excluded (or
 * merged-away) rows. A gap no larger than the rows changed in the legacy source since staging is drift (WARN: sync
 * it); a larger one is rows lost or invented (FAIL).
 */
final class ConservationCheck {
    private ConservationCheck() {
    }

    /**
     * {@code rejectedAgain}: of the legacy rows, those the hashes vouch for as quarantined or excluded again (not
     * recomputed). {@code missingTables}: rejection tables that do not exist; their rows count as zero and the check
     * fails, whatever the numbers, since it could not count from the tables.
     */
    static CheckOutcome of(long legacyRows, long staged, long quarantined, long excluded, long driftRows, long rejectedAgain, List<String> missingTables) {
        long accounted = staged + quarantined + excluded;
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("legacy_rows", legacyRows);
        numbers.put("staged", staged);
        numbers.put("quarantined", quarantined);
        numbers.put("excluded_or_merged", excluded);
        numbers.put("drift_rows", driftRows);
        if (rejectedAgain > 0) {
            numbers.put("rejected_again_by_hash", rejectedAgain);
        }
        String equation = legacyRows + " legacy rows vs " + staged + " staged + " + quarantined + " quarantined + " + excluded + " excluded or merged";
        if (!missingTables.isEmpty()) {
            return new CheckOutcome("conservation", Verdict.FAIL, equation + ": " + String.join(" and ", missingTables)
                    + (missingTables.size() == 1 ? " does" : " do") + " not exist, so "
                    + (missingTables.size() == 1 ? "its rows were" : "their rows were") + " counted as zero (every stage run writes both tables:"
                    + " restore the missing one to that path, or stage the cohort again)", numbers, List.of());
        }
        if (accounted == legacyRows) {
            return CheckOutcome.pass("conservation", equation, numbers);
        }
        if (Math.abs(accounted - legacyRows) <= driftRows) {
            return new CheckOutcome("conservation", Verdict.WARN, equation + ": the difference is within the " + driftRows + " rows changed since staging (sync)", numbers, List.of());
        }
        return new CheckOutcome("conservation", Verdict.FAIL, equation + ": " + Math.abs(accounted - legacyRows) + " rows unaccounted for", numbers, List.of());
    }
}
