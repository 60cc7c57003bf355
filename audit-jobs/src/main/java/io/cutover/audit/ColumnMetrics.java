package io.cutover.audit;

/**
 * Where a column's metrics are computed: row by row in Deequ's scan ({@link ScanMetrics}) or once
 * per distinct value from exact value counts ({@link ValueCountMetrics}), with the same results.
 * Each method returns the metric's key.
 */
interface ColumnMetrics {
  /** Share of rows where the column is not null (Deequ's Completeness). */
  String completeness(String column);

  /** Deequ's approximate distinct count (HyperLogLog: it depends only on the set of values). */
  String approxDistinct(String column);

  String minLength(String column);

  String maxLength(String column);

  /** Deequ's type inference of a string column. */
  String dataType(String column);

  /** Share of all rows whose value in {@code column} satisfies {@code predicate}. */
  String share(String column, String check, String predicate);

  /**
   * The same among the rows that parsed: a broken CSV/JSON line is counted once, as unparseable.
   */
  String shareOfParsed(String column, String check, String predicate);

  /** The same among the rows updated since the cutoff (the spec's {@code last-updated} column). */
  String shareOfRecent(String column, String check, String predicate);
}
