package io.cutover.reconcile;

import java.util.List;
import java.util.Map;

/**
 * One reconciliation check: its verdict, what it found in a sentence, the numbers, a few (masked)
 * example keys, and those keys by defect ("missing", "extra", "duplicated", "changed"; at most
 * {@link #EXAMPLES} each).
 */
public record CheckOutcome(
    String check,
    Verdict verdict,
    String message,
    Map<String, Object> numbers,
    List<String> examples,
    Map<String, List<String>> keys) {
  /**
   * Example keys kept per defect and cohort: enough to look one up, few enough to collect with the
   * counts.
   */
  static final int EXAMPLES = 3;

  public CheckOutcome {
    numbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
    examples = List.copyOf(examples);
    java.util.Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    keys.forEach((defect, k) -> copy.put(defect, List.copyOf(k)));
    keys = java.util.Collections.unmodifiableMap(copy);
  }

  public CheckOutcome(
      String check,
      Verdict verdict,
      String message,
      Map<String, Object> numbers,
      List<String> examples) {
    this(check, verdict, message, numbers, examples, Map.of());
  }

  static CheckOutcome pass(String check, String message, Map<String, Object> numbers) {
    return new CheckOutcome(check, Verdict.PASS, message, numbers, List.of());
  }

  /**
   * "key 17" or "keys 17, 23", with "e.g." when {@code count} is more than the keys shown; empty
   * without keys.
   */
  static String keys(long count, List<String> shown) {
    if (shown.isEmpty()) {
      return "";
    }
    return (count > shown.size() ? "e.g. " : "")
        + (shown.size() == 1 ? "key " : "keys ")
        + String.join(", ", shown);
  }
}
