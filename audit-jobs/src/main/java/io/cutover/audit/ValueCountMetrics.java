package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.deequ.DeequValueMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The metrics of low-cardinality string columns, computed once per distinct value from the columns'
 * exact value counts instead of once per row in the scan, so that the scan need not read these
 * columns at all. The same SQL predicates run on a small frame of the distinct values, so each
 * value gets the same verdict, and a verdict counts as many rows as the value has. Deequ computes
 * the rest on that frame: its distinct-count sketch and lengths depend only on which values occur,
 * and its type inference is weighted like the predicates. The results are those the scan would
 * give. Costs three jobs on a few hundred rows.
 */
final class ValueCountMetrics implements ColumnMetrics {
  private static final String PREFIX = "values:";
  private static final String COLUMN = "_cutover_column";
  private static final String ROW = "_cutover_row";

  private enum Rows {
    ALL,
    PARSED,
    RECENT
  }

  private record Check(String key, String column, String predicate, Rows rows) {}

  private final List<Check> checks = new ArrayList<>();
  private final Set<String> typed = new LinkedHashSet<>();

  /** Key -> (column, how Deequ computes it on the frame of distinct values). */
  private final Map<String, Map.Entry<String, BiFunction<DeequAnalysis, String, String>>> onValues =
      new LinkedHashMap<>();

  @Override
  public String completeness(String column) {
    return share(column, "completeness", Predicates.quote(column) + " IS NOT NULL");
  }

  @Override
  public String approxDistinct(String column) {
    return onValues(column, "approx_distinct", DeequAnalysis::approxDistinct);
  }

  @Override
  public String minLength(String column) {
    return onValues(column, "min_length", DeequAnalysis::minLength);
  }

  @Override
  public String maxLength(String column) {
    return onValues(column, "max_length", DeequAnalysis::maxLength);
  }

  /**
   * Keyed as in the scan (the column is not there), so that failures read the same, e.g. a length
   * of only nulls.
   */
  private String onValues(
      String column, String metric, BiFunction<DeequAnalysis, String, String> analyzer) {
    String key = metric + ":" + column;
    onValues.put(key, Map.entry(column, analyzer));
    return key;
  }

  @Override
  public String dataType(String column) {
    typed.add(column);
    return PREFIX + "data_type:" + column;
  }

  @Override
  public String share(String column, String check, String predicate) {
    return add(column, check, predicate, Rows.ALL);
  }

  @Override
  public String shareOfParsed(String column, String check, String predicate) {
    return add(column, check, predicate, Rows.PARSED);
  }

  @Override
  public String shareOfRecent(String column, String check, String predicate) {
    return add(column, check, predicate, Rows.RECENT);
  }

  private String add(String column, String check, String predicate, Rows rows) {
    String key = PREFIX + column + ":" + check;
    checks.add(new Check(key, column, predicate, rows));
    return key;
  }

  /** The metrics of every column added, under the keys handed out. */
  DeequMetrics compute(SparkSession spark, ValueCounts values) {
    Set<String> columns = new LinkedHashSet<>();
    checks.forEach(c -> columns.add(c.column()));
    onValues.values().forEach(how -> columns.add(how.getKey()));
    Frame frame = Frame.of(spark, values, List.copyOf(columns));
    Map<String, Map<String, Long>> rowsByValue = new LinkedHashMap<>();
    for (String column : typed) {
      Map<String, Long> rows = new LinkedHashMap<>();
      values.of(column).forEach((v, n) -> rows.put(v, n.rows()));
      rowsByValue.put(column, rows);
    }
    Map<String, Map<String, Long>> types = new LinkedHashMap<>();
    DeequValueMetrics.dataTypes(spark, rowsByValue)
        .forEach((column, distribution) -> types.put(PREFIX + "data_type:" + column, distribution));
    return new DeequMetrics(shares(frame), types, Map.of()).plus(deequOnValues(frame));
  }

  private DeequMetrics deequOnValues(Frame frame) {
    if (onValues.isEmpty()) {
      return new DeequMetrics(Map.of(), Map.of(), Map.of());
    }
    DeequAnalysis deequ = new DeequAnalysis(frame.data());
    Map<String, String> deequKeys = new LinkedHashMap<>();
    onValues.forEach((key, how) -> deequKeys.put(key, how.getValue().apply(deequ, how.getKey())));
    DeequMetrics m = deequ.run();
    Map<String, Double> out = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    deequKeys.forEach(
        (key, deequKey) -> {
          m.value(deequKey).ifPresent(v -> out.put(key, v));
          if (m.failures().containsKey(deequKey)) {
            failures.put(key, m.failures().get(deequKey));
          }
        });
    return new DeequMetrics(out, Map.of(), failures);
  }

  private Map<String, Double> shares(Frame frame) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (checks.isEmpty()) {
      return out;
    }
    List<Column> verdicts = new ArrayList<>();
    verdicts.add(functions.col(ROW));
    checks.forEach(c -> verdicts.add(functions.expr("coalesce(" + c.predicate() + ", false)")));
    long[] matches = new long[checks.size()];
    Map<String, Long> total = new LinkedHashMap<>();
    for (Row r : frame.data().select(verdicts.toArray(Column[]::new)).collectAsList()) {
      int row = r.getInt(0);
      String column = frame.columnOf().get(row);
      ValueCounts.Count count = frame.countOf().get(row);
      total.merge(column, count.rows(), Long::sum);
      for (int k = 0; k < checks.size(); k++) {
        Check check = checks.get(k);
        if (check.column().equals(column) && r.getBoolean(k + 1)) {
          matches[k] +=
              switch (check.rows()) {
                case ALL -> count.rows();
                case PARSED -> count.parsed();
                case RECENT -> count.recent();
              };
        }
      }
    }
    for (int k = 0; k < checks.size(); k++) {
      Check check = checks.get(k);
      out.put(
          check.key(),
          DeequValueMetrics.complianceShare(matches[k], total.getOrDefault(check.column(), 0L)));
    }
    return out;
  }

  /**
   * One row per (column, value): the column's own name holds the value and the other columns are
   * null, so each predicate reads as in the scan and Deequ's analyzers of a column see only its
   * values.
   */
  private record Frame(Dataset<Row> data, List<String> columnOf, List<ValueCounts.Count> countOf) {
    static Frame of(SparkSession spark, ValueCounts values, List<String> columns) {
      StructType schema =
          new StructType().add(ROW, DataTypes.IntegerType).add(COLUMN, DataTypes.StringType);
      for (String c : columns) {
        schema = schema.add(c, DataTypes.StringType);
      }
      List<Row> rows = new ArrayList<>();
      List<String> columnOf = new ArrayList<>();
      List<ValueCounts.Count> countOf = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        for (Map.Entry<String, ValueCounts.Count> e : values.of(columns.get(i)).entrySet()) {
          Object[] cells = new Object[columns.size() + 2];
          cells[0] = rows.size();
          cells[1] = columns.get(i);
          cells[i + 2] = e.getKey();
          rows.add(RowFactory.create(cells));
          columnOf.add(columns.get(i));
          countOf.add(e.getValue());
        }
      }
      return new Frame(spark.createDataFrame(rows, schema), columnOf, countOf);
    }
  }
}
