package io.cutover.reconcile;

import io.cutover.core.rules.StageColumns;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What one pass over the recomputed rows (legacy rows of the cohorts through the rules) counts per
 * cohort: legacy rows, and rows changed in the legacy source since staging (drift). One aggregation
 * grouped by cohort, so the cost does not grow with the number of cohorts.
 *
 * @param legacyRows legacy rows of each cohort
 * @param driftRows of those, rows updated after the cohort's stage run started
 */
record ExpectedCounts(Map<String, Long> legacyRows, Map<String, Long> driftRows) {
  private static final String ROWS = "_legacy_rows";
  private static final String DRIFT = "_drift_rows";

  ExpectedCounts {
    legacyRows = Map.copyOf(legacyRows);
    driftRows = Map.copyOf(driftRows);
  }

  /**
   * Counts {@code expected} (rows carrying {@link StageColumns#COHORT}); {@code changedSince} is
   * true for a row updated after its cohort was staged.
   */
  static ExpectedCounts of(Dataset<Row> expected, Column changedSince) {
    Map<String, Long> rows = new TreeMap<>();
    Map<String, Long> drift = new TreeMap<>();
    expected
        .groupBy(expected.col(StageColumns.COHORT))
        .agg(
            functions.count(functions.lit(1)).as(ROWS),
            functions.count(functions.when(changedSince, 1)).as(DRIFT))
        .collectAsList()
        .forEach(
            r -> {
              rows.put(r.getString(0), r.getAs(ROWS));
              drift.put(r.getString(0), r.getAs(DRIFT));
            });
    return new ExpectedCounts(rows, drift);
  }

  /**
   * With {@code vouched} rows per cohort added to the legacy rows: each stands for one legacy row
   * not recomputed.
   */
  ExpectedCounts plusVouched(Map<String, Long> vouched) {
    Map<String, Long> rows = new TreeMap<>(legacyRows);
    vouched.forEach((c, n) -> rows.merge(c, n, Long::sum));
    return new ExpectedCounts(rows, driftRows);
  }

  long legacyRowsOf(String cohort) {
    return legacyRows.getOrDefault(cohort, 0L);
  }

  long driftRowsOf(String cohort) {
    return driftRows.getOrDefault(cohort, 0L);
  }

  long totalDrift() {
    return driftRows.values().stream().mapToLong(Long::longValue).sum();
  }
}
