package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A boolean and a 0/1 number that say the same thing (active and activebool) but contradict each
 * other on some rows: which one the new platform keeps decides those customers' state. Pairs are
 * chosen by name (one name holds the other, or they are close by Jaro-Winkler); the number must be
 * 0 or 1 wherever set.
 */
final class TwinColumnCheck implements RowPatterns.Check {
  private static final double SIMILAR = 0.85;

  private final SourceSpec source;
  private final List<String[]> pairs = new ArrayList<>();

  TwinColumnCheck(SourceSpec source, StructType schema) {
    this.source = source;
    List<String> flags = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.dataType() instanceof BooleanType) {
        flags.add(f.name());
      } else if (f.dataType() instanceof IntegralType && !source.key().contains(f.name())) {
        numbers.add(f.name());
      }
    }
    for (String b : flags) {
      for (String n : numbers) {
        if (similarNames(b, n)) {
          pairs.add(new String[] {b, n});
        }
      }
    }
  }

  /**
   * Names that may say the same thing: one holds the other (status, status_code) or they are close
   * by Jaro-Winkler, letters only.
   */
  static boolean similarNames(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    String y = b.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return !x.isEmpty()
        && !y.isEmpty()
        && (x.contains(y) || y.contains(x) || new JaroWinklerSimilarity().apply(x, y) >= SIMILAR);
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String[] p : pairs) {
      Column flag = RowPatterns.col(p[0]);
      Column number = RowPatterns.col(p[1]);
      out.add(RowPatterns.countIf(number.isNotNull().and(number.isin(0, 1).unary_$bang())));
      out.add(RowPatterns.countIf(flag.isNotNull().and(number.isin(0, 1))));
      out.add(RowPatterns.countIf(flag.equalTo(true).and(number.equalTo(0))));
      out.add(RowPatterns.countIf(flag.equalTo(false).and(number.equalTo(1))));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      int at = offset + 4 * i;
      long notBinary = RowPatterns.at(r, at);
      long both = RowPatterns.at(r, at + 1);
      long trueZero = RowPatterns.at(r, at + 2);
      long falseOne = RowPatterns.at(r, at + 3);
      if (notBinary > 0 || both < RowPatterns.MIN_ROWS || trueZero + falseOne == 0) {
        continue;
      }
      String flag = pairs.get(i)[0];
      String number = pairs.get(i)[1];
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("rows", trueZero + falseOne);
      evidence.put("twin", flag);
      evidence.put(flag + "_true_" + number + "_0", trueZero);
      evidence.put(flag + "_false_" + number + "_1", falseOne);
      out.add(
          new Finding(
              source.name(),
              number,
              Category.CORRUPT,
              "twin-columns-disagree",
              Severity.HIGH,
              number
                  + " (0/1) and "
                  + flag
                  + " say the same thing but disagree on "
                  + (trueZero + falseOne)
                  + " of "
                  + both
                  + " rows: decide which one is the truth before they merge into one field",
              evidence,
              List.of(),
              SuggestedRules.rule(
                  "type",
                  "validate",
                  "name",
                  number + "-agrees-with-" + flag,
                  "expression",
                  Predicates.quote(flag)
                      + " IS NULL OR "
                      + Predicates.quote(number)
                      + " IS NULL OR ("
                      + Predicates.quote(flag)
                      + " = ("
                      + Predicates.quote(number)
                      + " = 1))",
                  "reason",
                  number + " contradicts " + flag)));
    }
    return out;
  }
}
