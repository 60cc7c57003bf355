package io.cutover.reconcile;

import io.cutover.core.privacy.Masking;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Keys staged more than once, per cohort: the rows beyond each key's first, and up to {@link
 * CheckOutcome#EXAMPLES} of the keys with their row counts ("42: 2 rows").
 */
record DuplicateKeys(Map<String, Long> extraRows, Map<String, List<String>> examples) {
  static final DuplicateKeys NONE = new DuplicateKeys(Map.of(), Map.of());

  long in(String cohort) {
    return extraRows.getOrDefault(cohort, 0L);
  }

  List<String> examplesIn(String cohort) {
    return examples.getOrDefault(cohort, List.of());
  }

  /** The examples masked, for a key with a personal column (the counts stay readable). */
  DuplicateKeys masked(boolean personalKey) {
    if (!personalKey) {
      return this;
    }
    Map<String, List<String>> out = new TreeMap<>();
    examples.forEach(
        (c, keys) ->
            out.put(
                c,
                keys.stream()
                    .map(
                        k ->
                            Masking.mask(k.substring(0, k.lastIndexOf(": ")))
                                + k.substring(k.lastIndexOf(": ")))
                    .toList()));
    return new DuplicateKeys(extraRows, out);
  }

  /** "1 duplicated keys (42: 2 rows)": the rows beyond each key's first, and the example keys. */
  String describeIn(String cohort) {
    return in(cohort) + " duplicated keys" + examplesText(cohort);
  }

  /** " (42: 2 rows, 57: 3 rows)", or empty without examples. */
  String examplesText(String cohort) {
    List<String> shown = examplesIn(cohort);
    return shown.isEmpty() ? "" : " (" + String.join(", ", shown) + ")";
  }

  /**
   * The aggregate of up to {@link CheckOutcome#EXAMPLES} example keys of a grouping by key: {@code
   * rows} is the key's row count.
   */
  static Column examples(Column keyText, Column rows, Column duplicated) {
    Column example =
        functions.concat(keyText, functions.lit(": "), rows.cast("string"), functions.lit(" rows"));
    return functions.slice(
        functions.array_sort(functions.collect_list(functions.when(duplicated, example))),
        1,
        CheckOutcome.EXAMPLES);
  }

  /** A key's columns as text: the value of a one-column key, "(1, 2)" for a compound one. */
  static Column keyText(List<Column> keyColumns) {
    Column joined =
        functions.concat_ws(
            ", ", keyColumns.stream().map(k -> k.cast("string")).toArray(Column[]::new));
    return keyColumns.size() == 1
        ? joined
        : functions.concat(functions.lit("("), joined, functions.lit(")"));
  }
}
