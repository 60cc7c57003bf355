package io.cutover.audit;

/**
 * A dataset whose audit stopped: the others are still audited and reported, and the command fails
 * at the end.
 *
 * @param column the column being profiled when it failed, or the first that fails on its own; null
 *     when the rows themselves could not be read
 * @param columnType that column's Spark type, and the database's name for it when it has one
 * @param stage what the audit was doing, e.g. "profiling 12 columns in one scan (Deequ)"
 */
public record FailedDataset(
    String dataset, String column, String columnType, String stage, String message) {

  /** One line for the console and the report. */
  public String describe() {
    String where =
        column == null ? "reading its rows" : "column '" + column + "' (" + columnType + ")";
    return "Cannot audit dataset '"
        + dataset
        + "': "
        + where
        + " failed while "
        + stage
        + ": "
        + message;
  }

  /**
   * The first line of the error and of its root cause. Spark wraps a task's error in "Job aborted
   * due to stage failure: ..." with task numbers: the wrapped error is the one that says what went
   * wrong.
   */
  static String message(Throwable e) {
    Throwable top = e;
    while (top.getCause() != null
        && String.valueOf(top.getMessage()).startsWith("Job aborted due to stage failure")) {
      top = top.getCause();
    }
    Throwable root = top;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String first = firstLine(top);
    String cause = firstLine(root);
    String both =
        root == top || first.contains(cause) ? first : first + " (caused by " + cause + ")";
    return both.length() > 1000 ? both.substring(0, 1000) + "..." : both;
  }

  private static String firstLine(Throwable t) {
    String m =
        t.getMessage() == null
            ? t.getClass().getName()
            : t.getClass().getSimpleName() + ": " + t.getMessage();
    return m.lines().findFirst().orElse("").trim();
  }
}
