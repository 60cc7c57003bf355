package io.cutover.core.spec;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How customers map to cohorts: the key of {@code source} is hashed with {@code seed} into {@code
 * count} buckets named c00, c01, ... The same key, seed and count always give the same cohort.
 */
public record CohortSpec(String source, int count, long seed) {

  public String id(int bucket) {
    int width = Math.max(2, String.valueOf(count - 1).length());
    return "c" + String.format("%0" + width + "d", bucket);
  }

  public List<String> ids() {
    return IntStream.range(0, count).mapToObj(this::id).toList();
  }

  public String first() {
    return id(0);
  }

  public boolean contains(String cohortId) {
    return ids().contains(cohortId);
  }

  /**
   * The cohort id if it is safe and one of this migration's cohorts; otherwise a bad-input error
   * saying which exist.
   */
  public String require(String cohortId) {
    Names.checkCohortId(cohortId)
        .ifPresent(
            p -> {
              throw io.cutover.core.run.CutoverException.badInput(p);
            });
    if (!contains(cohortId)) {
      throw io.cutover.core.run.CutoverException.badInput(
          "cohort '"
              + cohortId
              + "' is not one of this migration's cohorts "
              + first()
              + " ... "
              + id(count - 1)
              + " (cohorts.count = "
              + count
              + ")");
    }
    return cohortId;
  }

  static CohortSpec fromNode(SpecNode node, java.util.Map<String, SpecNode> sources) {
    int mark = node.mark();
    node.allowOnly("source", "count", "seed");
    String source = node.string("source");
    if (source != null && !sources.containsKey(source)) {
      node.problem(
          "source",
          "source '"
              + source
              + "' is not declared under 'sources'; declared are: "
              + String.join(", ", sources.keySet()));
    } else if (source != null && sources.get(source).strings("key").isEmpty()) {
      node.problem(
          "source",
          "source '" + source + "' has no 'key': cohorts are assigned by hashing the key");
    }
    long count = node.integer("count", 100, 1, 10_000);
    long seed = node.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    return node.failedSince(mark) ? null : new CohortSpec(source, (int) count, seed);
  }
}
