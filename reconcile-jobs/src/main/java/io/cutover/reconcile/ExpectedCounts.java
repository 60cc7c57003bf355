package io.cutover.reconcile;

import io.cutover.core.rules.StageColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What one pass over the expected rows (every legacy row of the cohorts, through the rules) counts per cohort:
 * legacy rows, rows changed in the legacy source since staging (drift), and the distinct-value estimates the
 * aggregates check needs for its text columns. One aggregation grouped by cohort, so the cost does not grow with
 * the number of cohorts.
 *
 * @param legacyRows rows of each cohort in the legacy source
 * @param driftRows  of those, rows updated after the cohort's stage run started
 * @param estimates  approximate distinct staged values of each text column, per cohort
 */
record ExpectedCounts(Map<String, Long> legacyRows, Map<String, Long> driftRows, AggregateParity.Estimates estimates) {
    private static final String ROWS = "_legacy_rows";
    private static final String DRIFT = "_drift_rows";
    private static final String DISTINCT = "_distinct_";

    ExpectedCounts {
        legacyRows = Map.copyOf(legacyRows);
        driftRows = Map.copyOf(driftRows);
    }

    /**
     * Counts {@code expected} (rows carrying {@link StageColumns#COHORT} and {@link StageColumns#OUTCOME}, null for
     * rows that stage) in one pass; {@code changedSince} is true for a row updated after its cohort was staged.
     */
    static ExpectedCounts of(Dataset<Row> expected, Column changedSince, List<String> textColumns) {
        List<Column> aggs = new ArrayList<>(List.of(functions.count(functions.when(changedSince, 1)).as(DRIFT)));
        List<Column> estimates = AggregateParity.Estimates.aggregates(textColumns, expected.col(StageColumns.OUTCOME).isNull());
        for (int i = 0; i < estimates.size(); i++) {
            aggs.add(estimates.get(i).as(DISTINCT + i));
        }
        Map<String, Long> rows = new TreeMap<>();
        Map<String, Long> drift = new TreeMap<>();
        Map<String, List<Long>> distinct = new TreeMap<>();
        expected.groupBy(expected.col(StageColumns.COHORT)).agg(functions.count(functions.lit(1)).as(ROWS), aggs.toArray(Column[]::new))
                .collectAsList().forEach(r -> {
                    String cohort = r.getString(0);
                    rows.put(cohort, r.getAs(ROWS));
                    drift.put(cohort, r.getAs(DRIFT));
                    List<Long> values = new ArrayList<>();
                    for (int i = 0; i < textColumns.size(); i++) {
                        values.add(r.getAs(DISTINCT + i));
                    }
                    distinct.put(cohort, values);
                });
        return new ExpectedCounts(rows, drift, new AggregateParity.Estimates(textColumns, distinct));
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
