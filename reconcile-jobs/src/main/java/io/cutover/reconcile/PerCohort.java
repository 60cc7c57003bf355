package io.cutover.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Small grouped queries that answer for every cohort of a run at once, so cost does not grow with
 * the cohort count.
 */
final class PerCohort {
  private PerCohort() {}

  /** Rows per cohort value of {@code cohort}; cohorts without rows are absent. */
  static Map<String, Long> counts(Dataset<Row> rows, Column cohort) {
    Map<String, Long> out = new TreeMap<>();
    rows.groupBy(cohort.as("_cohort"))
        .count()
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getLong(1)));
    return out;
  }

  /**
   * Up to {@code n} values of {@code text} for each of {@code cohorts} (smallest first, so runs
   * repeat), one query.
   */
  static Map<String, List<String>> examples(
      Dataset<Row> rows, Column cohort, Column text, Collection<String> cohorts, int n) {
    Map<String, List<String>> out = new TreeMap<>();
    if (cohorts.isEmpty()) {
      return out;
    }
    Dataset<Row> picked =
        rows.filter(cohort.isin(cohorts.toArray())).select(cohort.as("_cohort"), text.as("_text"));
    picked
        .withColumn(
            "_n", functions.row_number().over(Window.partitionBy("_cohort").orderBy("_text")))
        .filter("_n <= " + n)
        .orderBy("_cohort", "_n")
        .collectAsList()
        .forEach(
            r -> out.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1)));
    return out;
  }

  /**
   * A cohort's value from a small map, as a column: a literal when every cohort has the same value
   * (one stage run).
   */
  static Column valueOf(Map<String, ?> values, Column cohort) {
    if (new HashSet<>(values.values()).size() == 1) {
      return functions.lit(values.values().iterator().next());
    }
    List<Column> pairs = new ArrayList<>();
    new LinkedHashMap<>(values)
        .forEach(
            (k, v) -> {
              pairs.add(functions.lit(k));
              pairs.add(functions.lit(v));
            });
    return functions.element_at(functions.map(pairs.toArray(Column[]::new)), cohort);
  }
}
