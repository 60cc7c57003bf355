package io.cutover.core.spec;

import java.util.List;
import java.util.Map;

/**
 * A whole migration, read once from a HOCON file: where the legacy data is, how customers map to
 * cohorts, where staged tables, reports and the ledger go, and the audit thresholds. Paths are
 * already resolved.
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
      throw new IllegalArgumentException(
          "No source '"
              + name
              + "' in "
              + file
              + "; declared are: "
              + String.join(", ", sources.keySet()));
    }
    return s;
  }

  /** The source whose key defines the customers and their cohorts. */
  public SourceSpec customers() {
    return source(cohorts.source());
  }

  /**
   * The sources stage writes, parents before children: the cohort source, then every source with
   * rules that references it (directly or through a chain of references), with the sources on that
   * chain.
   */
  public List<SourceSpec> stagedSources() {
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    names.add(cohorts.source());
    for (String s : new java.util.TreeSet<>(rules.keySet())) {
      List<Reference> chain = chainToCohort(sources, s, cohorts.source());
      if (!chain.isEmpty()) {
        names.add(s);
        chain.forEach(r -> names.add(r.to()));
      }
    }
    return names.stream()
        .sorted(
            java.util.Comparator.comparingInt(
                    (String n) -> chainToCohort(sources, n, cohorts.source()).size())
                .thenComparing(n -> n))
        .map(this::source)
        .toList();
  }

  /**
   * The reference by which a staged source follows its parent's cohort; empty for the cohort
   * source.
   */
  public java.util.Optional<Reference> parentOf(String source) {
    List<Reference> chain = chainToCohort(sources, source, cohorts.source());
    return chain.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(chain.get(0));
  }

  /**
   * Where a source stages: the cohort source into {@code target.table}, any other into its own
   * tables (see {@link TargetSpec#forSource}).
   */
  public TargetSpec targetOf(String source) {
    return source.equals(cohorts.source()) ? target : target.forSource(source);
  }

  /**
   * The references from {@code source} to {@code cohortSource}, first hop first (the first declared
   * reference that gets there, shortest chain first); empty when there is none or {@code source} is
   * the cohort source.
   */
  static List<Reference> chainToCohort(
      Map<String, SourceSpec> sources, String source, String cohortSource) {
    // Breadth first over references, so a cycle ends and the shortest chain wins.
    Map<String, List<Reference>> reached = new java.util.LinkedHashMap<>();
    reached.put(source, List.of());
    java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(source));
    while (!queue.isEmpty()) {
      String at = queue.poll();
      if (at.equals(cohortSource)) {
        return reached.get(at);
      }
      SourceSpec spec = sources.get(at);
      for (Reference r : spec == null ? List.<Reference>of() : spec.references()) {
        if (!reached.containsKey(r.to())) {
          List<Reference> path = new java.util.ArrayList<>(reached.get(at));
          path.add(r);
          reached.put(r.to(), List.copyOf(path));
          queue.add(r.to());
        }
      }
    }
    return List.of();
  }

  /**
   * Reports of one run kind for one cohort (or the whole migration), e.g.
   * reports/audit/2026-11-28T12-00-00Z.
   */
  public String reportDir(String kind, String runId) {
    return reportsPath + "/" + kind + "/" + runId;
  }
}
