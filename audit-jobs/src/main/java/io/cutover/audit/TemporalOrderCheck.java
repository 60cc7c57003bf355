package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Two dates of a row that come in one order on nearly every row (created before updated, rented
 * before returned) and in the other on a few: an impossible history the new platform may reject or
 * misread.
 */
final class TemporalOrderCheck implements RowPatterns.Check {
  /** The usual order must hold on at least this share of the rows where both dates are set. */
  static final double USUAL_SHARE = 0.95;

  private final SourceSpec source;
  private final List<String[]> pairs = new ArrayList<>();

  TemporalOrderCheck(SourceSpec source, StructType schema) {
    this.source = source;
    List<String> dates = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.dataType() instanceof DateType
          || f.dataType() instanceof TimestampType
          || f.dataType() instanceof TimestampNTZType) {
        dates.add(f.name());
      }
    }
    for (int i = 0; i < dates.size(); i++) {
      for (int j = i + 1; j < dates.size(); j++) {
        pairs.add(new String[] {dates.get(i), dates.get(j)});
      }
    }
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String[] p : pairs) {
      // Dates compare as timestamps: a date and a timestamp of the same day are in order.
      Column a = RowPatterns.col(p[0]).cast("timestamp");
      Column b = RowPatterns.col(p[1]).cast("timestamp");
      out.add(RowPatterns.countIf(a.lt(b)));
      out.add(RowPatterns.countIf(a.gt(b)));
    }
    return out;
  }

  /**
   * True when {@code a} must come first, false when {@code b} must, null when the names do not say.
   */
  private Boolean knownOrder(String a, String b) {
    boolean aStamp = STAMP.matcher(a.toLowerCase(java.util.Locale.ROOT)).find();
    boolean bStamp = STAMP.matcher(b.toLowerCase(java.util.Locale.ROOT)).find();
    if (aStamp != bStamp && (creation(aStamp ? b : a))) {
      return bStamp;
    }
    return null;
  }

  /**
   * Named like the row's creation: created_at, signup_date, or the table's own event (rental_date
   * in rental).
   */
  private boolean creation(String column) {
    String n = column.toLowerCase(java.util.Locale.ROOT);
    String singular = source.name().toLowerCase(java.util.Locale.ROOT).replaceAll("s$", "");
    return CREATION.matcher(n).find()
        || n.equals(singular + "_date")
        || n.equals(singular + "_at")
        || n.equals(singular + "ed_at");
  }

  private static final java.util.regex.Pattern STAMP =
      java.util.regex.Pattern.compile("update|modif|chang");
  private static final java.util.regex.Pattern CREATION =
      java.util.regex.Pattern.compile("creat|signup|sign_up|regist|insert|opened");

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      long before = RowPatterns.at(r, offset + 2 * i);
      long after = RowPatterns.at(r, offset + 2 * i + 1);
      long ordered = before + after;
      if (ordered < RowPatterns.MIN_ROWS || before == 0 || after == 0) {
        continue;
      }
      // A row's own creation comes before its last change, whatever most rows say; otherwise the
      // usual order
      // is the one nearly every row keeps.
      Boolean known = knownOrder(pairs.get(i)[0], pairs.get(i)[1]);
      boolean firstUsual = known != null ? known : before >= after;
      long usual = firstUsual ? before : after;
      long odd = firstUsual ? after : before;
      if (known == null && usual < USUAL_SHARE * ordered) {
        continue;
      }
      String early = firstUsual ? pairs.get(i)[0] : pairs.get(i)[1];
      String late = firstUsual ? pairs.get(i)[1] : pairs.get(i)[0];
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("rows", odd);
      evidence.put("in_usual_order", usual);
      evidence.put("usual_order", early + " <= " + late);
      out.add(
          new Finding(
              source.name(),
              late,
              Category.CORRUPT,
              "impossible-order",
              Severity.MEDIUM,
              odd
                  + " rows have "
                  + late
                  + " before "
                  + early
                  + ", while "
                  + usual
                  + " have it after: an impossible history the new platform may reject",
              evidence,
              List.of(),
              SuggestedRules.rule(
                  "type",
                  "validate",
                  "name",
                  late + "-after-" + early,
                  "expression",
                  Predicates.quote(early)
                      + " IS NULL OR "
                      + Predicates.quote(late)
                      + " IS NULL OR "
                      + Predicates.quote(early)
                      + " <= "
                      + Predicates.quote(late),
                  "reason",
                  late + " before " + early)));
    }
    return out;
  }
}
