package io.cutover.audit;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Recognises emails, phones, dates and numbers kept as text from the first rows of a dataset
 * (counted in {@link FirstRows}' small job), so the full scan runs only the checks that fit each
 * column.
 */
final class SemanticDetector {
  static final int SAMPLE_ROWS = 2000;
  private static final double MAJORITY = 0.8;
  private static final int MIN_VALUES = 10;

  private SemanticDetector() {}

  /**
   * The six counts {@link #decide(String, Row, int)} reads, for one string column over the sampled
   * rows.
   */
  static List<Column> counts(String column, Set<String> placeholders) {
    Predicates p = new Predicates(column, placeholders);
    String m = "(" + p.meaningful() + ")";
    return List.of(
        count(m),
        count(m + " AND " + p.validEmail()),
        count(m + " AND " + p.validDate()),
        count(m + " AND (" + p.validNumber() + " OR " + p.thousands() + ")"),
        count(m + " AND " + p.validPhone()),
        count(m + " AND " + p.looksLikeJson()));
  }

  /** The type of a column from its {@link #counts} in {@code r}, starting at {@code at}. */
  static SemanticType decide(String name, Row r, int at) {
    if (r.getLong(at) >= MIN_VALUES && r.getLong(at + 5) >= MAJORITY * r.getLong(at)) {
      return SemanticType.JSON;
    }
    return decide(
        name,
        r.getLong(at),
        r.getLong(at + 1),
        r.getLong(at + 2),
        r.getLong(at + 3),
        r.getLong(at + 4));
  }

  private static Column count(String predicate) {
    return functions.coalesce(
        functions.sum(
            functions.expr("CASE WHEN coalesce(" + predicate + ", false) THEN 1 ELSE 0 END")),
        functions.lit(0L));
  }

  static SemanticType decide(
      String name, long meaningful, long email, long date, long number, long phone) {
    if (meaningful < MIN_VALUES) {
      return SemanticType.NONE;
    }
    String n = name.toLowerCase(Locale.ROOT);
    boolean phoneName =
        n.contains("phone") || n.contains("mobile") || n.contains("tel") || n.contains("fax");
    if (email >= MAJORITY * meaningful) {
      return SemanticType.EMAIL;
    }
    if (phoneName && phone >= MAJORITY * meaningful) {
      return SemanticType.PHONE;
    }
    if (date >= MAJORITY * meaningful) {
      return SemanticType.DATE;
    }
    if (number >= MAJORITY * meaningful) {
      return SemanticType.NUMBER_TEXT;
    }
    if (phone >= MAJORITY * meaningful) {
      return SemanticType.PHONE;
    }
    return SemanticType.NONE;
  }
}
