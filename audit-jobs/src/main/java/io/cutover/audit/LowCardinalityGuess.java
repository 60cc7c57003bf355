package io.cutover.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Which columns to count values of before the scan, guessed from the first rows: string columns
 * with few enough distinct values there to be judged from their counts ({@link ValueCountMetrics}),
 * other columns few enough for a histogram, and pairs that may shadow one another. A wrong guess
 * costs only time: the exact counts decide which columns are judged from their values, and what the
 * scan then shows needs counting is counted after it.
 */
record LowCardinalityGuess(List<String> columns, List<List<String>> pairs) {
  /**
   * A string column with at most this many distinct values in the first rows is counted before the
   * scan...
   */
  static final int STRING_SAMPLE_DISTINCT = 100;

  /**
   * ...and judged from its values if it has at most this many in all; more are dropped on the
   * executors.
   */
  static final int MAX_JUDGED_VALUES = 1000;

  static LowCardinalityGuess of(
      List<ColumnPlan> plans, FirstRows first, int histogramMaxCategories) {
    List<ColumnPlan> guessed =
        plans.stream()
            .filter(p -> p.kind.plain())
            .filter(
                p ->
                    first.distinct().getOrDefault(p.name, Long.MAX_VALUE)
                        <= (p.kind == ColumnPlan.Kind.STRING
                            ? Math.max(STRING_SAMPLE_DISTINCT, histogramMaxCategories)
                            : histogramMaxCategories))
            .toList();
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < guessed.size(); i++) {
      for (int j = i + 1; j < guessed.size(); j++) {
        String a = guessed.get(i).name;
        String b = guessed.get(j).name;
        long da = first.distinct().get(a);
        if (da >= 2
            && da <= histogramMaxCategories
            && da == first.distinct().get(b)
            && first.nonNull().get(a).equals(first.nonNull().get(b))) {
          pairs.add(List.of(a, b));
        }
      }
    }
    return new LowCardinalityGuess(guessed.stream().map(p -> p.name).toList(), pairs);
  }
}
