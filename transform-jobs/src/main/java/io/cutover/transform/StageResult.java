package io.cutover.transform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one stage run did to a cohort: where every source row went (conservation: source = staged + quarantined +
 * excluded + merged), the rows each rule took, the staged table's Delta version, and for a dry run a few masked
 * sample rows per quarantine reason.
 *
 * @param byRule "kind rule" -> rows, e.g. "quarantine cast:signup_date" -> 12; staged rows a rule rounded or cut as the spec allows count as "rounded cast:balance", "truncated cast:notes"
 */
public record StageResult(
        String runId,
        String cohort,
        boolean dryRun,
        String specHash,
        String rulesHash,
        long sourceRows,
        long staged,
        long quarantined,
        long excluded,
        long merged,
        Map<String, Long> byRule,
        long stagedVersion,
        Map<String, List<String>> samples,
        Instant startedAt,
        Instant finishedAt) {

    public StageResult {
        byRule = Map.copyOf(byRule);
        samples = Map.copyOf(samples);
    }

    public boolean conserved() {
        return sourceRows == staged + quarantined + excluded + merged;
    }
}
