package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;

/** Column metrics computed row by row, as analyzers in Deequ's one scan. */
final class ScanMetrics implements ColumnMetrics {
  private final DeequAnalysis deequ;
  private final String parsedRows;
  private final String recentRows;

  /**
   * {@code parsedRows} and {@code recentRows} are SQL predicates on a row (the second is unused
   * without last-updated).
   */
  ScanMetrics(DeequAnalysis deequ, String parsedRows, String recentRows) {
    this.deequ = deequ;
    this.parsedRows = parsedRows;
    this.recentRows = recentRows;
  }

  @Override
  public String completeness(String column) {
    return deequ.completeness(column);
  }

  @Override
  public String approxDistinct(String column) {
    return deequ.approxDistinct(column);
  }

  @Override
  public String minLength(String column) {
    return deequ.minLength(column);
  }

  @Override
  public String maxLength(String column) {
    return deequ.maxLength(column);
  }

  @Override
  public String dataType(String column) {
    return deequ.dataType(column);
  }

  @Override
  public String share(String column, String check, String predicate) {
    return deequ.compliance(column + ":" + check, predicate);
  }

  @Override
  public String shareOfParsed(String column, String check, String predicate) {
    return share(column, check, "(" + predicate + ") AND " + parsedRows);
  }

  @Override
  public String shareOfRecent(String column, String check, String predicate) {
    return share(column, check, "(" + predicate + ") AND " + recentRows);
  }
}
