package io.cutover.core.spec;

import java.util.List;
import java.util.Map;

/**
 * A whole migration, read once from a HOCON file: where the legacy data is, how customers map to cohorts,
 * where staged tables, reports and the ledger go, and the audit thresholds. Paths are already resolved.
 */
public record MigrationSpec(
        String name,
        String file,
        String hash,
        String workDir,
        Map<String, SourceSpec> sources,
        CohortSpec cohorts,
        TargetSpec target,
        String reportsPath,
        String ledgerPath,
        AuditSpec audit,
        ReconcileSpec reconcile,
        Map<String, List<RuleSpec>> rules,
        Map<String, String> sparkConf) {

    public MigrationSpec {
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        rules = Map.copyOf(rules);
        sparkConf = Map.copyOf(sparkConf);
    }

    /** The rules of a source, in the order the spec gives them; empty when it has none. */
    public List<RuleSpec> rulesOf(String source) {
        return rules.getOrDefault(source, List.of());
    }

    public SourceSpec source(String name) {
        SourceSpec s = sources.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No source '" + name + "' in " + file + "; declared are: " + String.join(", ", sources.keySet()));
        }
        return s;
    }

    /** The source whose key defines the customers and their cohorts. */
    public SourceSpec customers() {
        return source(cohorts.source());
    }

    /** Reports of one run kind for one cohort (or the whole migration), e.g. reports/audit/2026-11-28T12-00-00Z. */
    public String reportDir(String kind, String runId) {
        return reportsPath + "/" + kind + "/" + runId;
    }
}
