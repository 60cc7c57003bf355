package io.cutover.audit;

import java.util.List;
import java.util.Map;

/**
 * What one column holds, from the audit's profiling pass. Numbers that do not apply to the column's
 * type are null. {@code histogram} is present only for low-cardinality columns, masked when the
 * column is personal data.
 *
 * @param semanticType what the values look like: email, phone, date, number-text, or none
 * @param meaningful non-null values that are neither blank nor a placeholder
 * @param inferredTypes for string columns, Deequ's DataType counts: Integral, Fractional, Boolean,
 *     String
 */
public record ColumnProfile(
    String name,
    String sparkType,
    String semanticType,
    boolean pii,
    long nonNull,
    double completeness,
    long approxDistinct,
    long blank,
    long placeholders,
    long meaningful,
    Map<String, Long> inferredTypes,
    Double min,
    Double max,
    Double mean,
    Double stddev,
    Integer minLength,
    Integer maxLength,
    List<ValueCount> histogram) {

  /** One bar of a histogram: a (possibly masked) value and how many rows hold it. */
  public record ValueCount(String value, long count) {}
}
