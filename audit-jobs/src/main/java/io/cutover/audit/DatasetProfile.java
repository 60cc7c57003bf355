package io.cutover.audit;

import java.util.List;

/**
 * One legacy source as the audit saw it. {@code unparseableRows} counts CSV lines Spark could not
 * split into columns.
 */
public record DatasetProfile(
    String name,
    String format,
    String location,
    long rows,
    long unparseableRows,
    List<String> key,
    List<ColumnProfile> columns) {

  public DatasetProfile {
    key = List.copyOf(key);
    columns = List.copyOf(columns);
  }
}
