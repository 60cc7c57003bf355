package io.cutover.core.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconcile settings: rows changed in the legacy source after staging are drift, not defects; a
 * cohort whose drifted share of rows exceeds {@code driftThreshold} is WARN ("needs sync") rather
 * than PASS. Aggregate parity is exact unless {@code tolerances} gives a column some slack. Text
 * columns count as categorical in a cohort, and have their exact distinct counts compared, while
 * they hold at most {@code categoricalMaxDistinct} values there.
 */
public record ReconcileSpec(
    double driftThreshold, Map<String, Tolerance> tolerances, int categoricalMaxDistinct) {
  public static final int DEFAULT_CATEGORICAL_MAX_DISTINCT = 1000;

  public ReconcileSpec {
    tolerances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tolerances));
  }

  public Tolerance toleranceOf(String column) {
    return tolerances.getOrDefault(column, Tolerance.exact(column));
  }

  /**
   * The tolerance columns that are not among {@code columns}, for an error that names their file
   * and line.
   */
  public List<Tolerance> unknownColumns(Set<String> columns) {
    return tolerances.values().stream().filter(t -> !columns.contains(t.column())).toList();
  }

  static ReconcileSpec fromNode(SpecNode node, TargetSpec target) {
    node.allowOnly("drift-threshold", "tolerances", "categorical-max-distinct");
    Map<String, Tolerance> tolerances = new LinkedHashMap<>();
    SpecNode section = node.optChild("tolerances");
    Set<String> declared =
        target == null
            ? Set.of()
            : target.columns().stream().map(TargetSpec.Column::name).collect(Collectors.toSet());
    section
        .namedChildrenInOrder()
        .forEach(
            (column, child) -> {
              if (!declared.isEmpty() && !declared.contains(column)) {
                section.problem(
                    column,
                    "no target column '" + column + "'" + SpecNode.suggestion(column, declared));
              }
              tolerances.put(column, Tolerance.fromNode(column, child));
            });
    return new ReconcileSpec(
        node.fraction("drift-threshold", 0.0),
        tolerances,
        (int)
            node.integer(
                "categorical-max-distinct", DEFAULT_CATEGORICAL_MAX_DISTINCT, 1, 1_000_000));
  }
}
