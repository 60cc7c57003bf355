package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Money-like columns (decimals, or numbers named amount, price, total...) that are positive on
 * nearly every row but zero or negative on a few: a free or reversed payment the new platform may
 * refuse, or a sign lost in the past.
 */
final class AmountSignCheck implements RowPatterns.Check {
  /** At least this share of the values must be positive before the rest count as odd. */
  static final double POSITIVE_SHARE = 0.99;

  private static final java.util.regex.Pattern MONEY =
      java.util.regex.Pattern.compile("amount|price|total|cost|fee|charge|paid|payment");

  private final SourceSpec source;
  private final List<String> columns = new ArrayList<>();

  AmountSignCheck(SourceSpec source, StructType schema) {
    this.source = source;
    for (StructField f : schema.fields()) {
      String n = f.name().toLowerCase(Locale.ROOT);
      boolean idLike = n.equals("id") || n.endsWith("_id") || source.key().contains(f.name());
      boolean fractional =
          f.dataType() instanceof DecimalType
              || f.dataType() instanceof DoubleType
              || f.dataType() instanceof FloatType;
      if (f.dataType() instanceof NumericType
          && !idLike
          && (fractional || MONEY.matcher(n).find())) {
        columns.add(f.name());
      }
    }
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      Column v = RowPatterns.col(c);
      out.add(RowPatterns.countIf(v.gt(0)));
      out.add(RowPatterns.countIf(v.equalTo(0)));
      out.add(RowPatterns.countIf(v.lt(0)));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      long positive = RowPatterns.at(r, offset + 3 * i);
      long zero = RowPatterns.at(r, offset + 3 * i + 1);
      long negative = RowPatterns.at(r, offset + 3 * i + 2);
      long all = positive + zero + negative;
      if (all < RowPatterns.MIN_ROWS || zero + negative == 0 || positive < POSITIVE_SHARE * all) {
        continue;
      }
      String c = columns.get(i);
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("rows", zero + negative);
      evidence.put("zero", zero);
      evidence.put("negative", negative);
      evidence.put("positive", positive);
      out.add(
          new Finding(
              source.name(),
              c,
              Category.CORRUPT,
              "non-positive-amount",
              Severity.MEDIUM,
              (zero > 0 ? zero + " zero " : "")
                  + (zero > 0 && negative > 0 ? "and " : "")
                  + (negative > 0 ? negative + " negative " : "")
                  + "values among "
                  + positive
                  + " positive ones: decide whether the new platform takes them (free or reversed) or they are errors",
              evidence,
              List.of(),
              SuggestedRules.rule(
                  "type",
                  "validate",
                  "name",
                  c + "-positive",
                  "expression",
                  Predicates.quote(c) + " IS NULL OR " + Predicates.quote(c) + " > 0",
                  "reason",
                  c + " is not positive")));
    }
    return out;
  }
}
