package io.cutover.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Audit thresholds; defaults live in reference.conf under cutover.audit. */
public record AuditSpec(
    Set<String> placeholders,
    double nearEmptyShare,
    int abandonedAfterMonths,
    int histogramMaxCategories,
    double driftShare,
    Map<String, Bounds> bounds) {

  /** Inclusive numeric bounds for one column (either side may be open). */
  public record Bounds(Double min, Double max) {
    public boolean contains(double v) {
      return (min == null || v >= min) && (max == null || v <= max);
    }
  }

  // Sorted, not Set.copyOf/Map.copyOf: their iteration order changes from JVM to JVM, and the
  // rule-set hash that
  // stage records and reconcile checks in another JVM is computed from this record's text.
  public AuditSpec {
    placeholders = Collections.unmodifiableSortedSet(new TreeSet<>(placeholders));
    bounds = Collections.unmodifiableSortedMap(new TreeMap<>(bounds));
  }

  static AuditSpec fromNode(SpecNode node) {
    int mark = node.mark();
    node.allowOnly(
        "placeholders",
        "near-empty-share",
        "abandoned-after-months",
        "histogram-max-categories",
        "drift-share",
        "bounds");
    List<String> placeholders = node.strings("placeholders");
    double nearEmpty = node.fraction("near-empty-share", 0.01);
    long abandoned = node.integer("abandoned-after-months", 24, 1, 1200);
    long histogram = node.integer("histogram-max-categories", 20, 2, 1000);
    double drift = node.fraction("drift-share", 0.5);
    Map<String, Bounds> bounds = new LinkedHashMap<>();
    SpecNode boundsNode = node.optChild("bounds");
    for (Map.Entry<String, SpecNode> e : boundsNode.namedChildren().entrySet()) {
      SpecNode b = e.getValue();
      b.allowOnly("min", "max");
      Double min = b.optNumber("min").orElse(null);
      Double max = b.optNumber("max").orElse(null);
      if (min != null && max != null && min > max) {
        b.problem("min", "min " + min + " is greater than max " + max);
      }
      bounds.put(e.getKey(), new Bounds(min, max));
    }
    return node.failedSince(mark)
        ? null
        : new AuditSpec(
            Set.copyOf(placeholders), nearEmpty, (int) abandoned, (int) histogram, drift, bounds);
  }
}
