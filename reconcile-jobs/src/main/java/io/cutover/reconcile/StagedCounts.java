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
 * One pass over the staged rows of the run's cohorts, grouped by cohort: how many there are, and
 * how many distinct values each text column holds (approximately), which picks the columns the
 * aggregates check counts exactly.
 *
 * @param rows staged rows per cohort (cohorts without rows are absent)
 * @param estimates approximate distinct values of each text column, per cohort
 */
record StagedCounts(Map<String, Long> rows, AggregateParity.Estimates estimates) {
  StagedCounts {
    rows = Map.copyOf(rows);
  }

  static StagedCounts of(Dataset<Row> staged, List<String> columns) {
    List<String> text = AggregateParity.Estimates.textColumns(staged.schema(), columns);
    Map<String, Long> rows = new TreeMap<>();
    Map<String, List<Long>> distinct = new TreeMap<>();
    List<Column> aggs = new ArrayList<>(AggregateParity.Estimates.aggregates(text));
    staged
        .groupBy(staged.col(StageColumns.COHORT))
        .agg(functions.count(functions.lit(1)), aggs.toArray(Column[]::new))
        .collectAsList()
        .forEach(
            r -> {
              rows.put(r.getString(0), r.getLong(1));
              distinct.put(r.getString(0), AggregateParity.Estimates.read(r, 2, text.size()));
            });
    return new StagedCounts(rows, new AggregateParity.Estimates(text, distinct));
  }

  long of(String cohort) {
    return rows.getOrDefault(cohort, 0L);
  }
}
