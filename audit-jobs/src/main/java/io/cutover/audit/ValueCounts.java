package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Exact value counts for every low-cardinality column, and for candidate column pairs, in one
 * aggregation: each row is exploded into (column, value) pairs and grouped once. Deequ's Histogram
 * would scan once per column. Each value also counts the rows that parsed and the recently updated
 * ones, so that checks limited to those rows can be judged from the counts too.
 */
final class ValueCounts {
  static final String NULL = "(null)";
  private static final String PAIR = "pair:";

  /**
   * Rows holding one value; of those, the rows that parsed and the rows updated since the cutoff.
   */
  record Count(long rows, long parsed, long recent) {}

  /** By column (or pair key), by value; a null key counts the nulls. */
  private final Map<String, Map<String, Count>> counts;

  private ValueCounts(Map<String, Map<String, Count>> counts) {
    this.counts = counts;
  }

  static ValueCounts none() {
    return new ValueCounts(Map.of());
  }

  /**
   * {@code parsedRows} and {@code recentRows} are SQL predicates on a row, counted for each value.
   */
  static ValueCounts compute(
      Dataset<Row> data,
      List<String> columns,
      List<List<String>> pairs,
      String parsedRows,
      String recentRows) {
    return compute(data, columns, pairs, parsedRows, recentRows, Integer.MAX_VALUE);
  }

  /**
   * Counts only columns and pairs with at most {@code maxValues} values, for a guess that may be
   * wrong: the groups of the others are counted on the executors and dropped there, never
   * collected.
   */
  static ValueCounts compute(
      Dataset<Row> data,
      Collection<String> columns,
      List<List<String>> pairs,
      String parsedRows,
      String recentRows,
      int maxValues) {
    if (columns.isEmpty() && pairs.isEmpty()) {
      return none();
    }
    Column parsed = functions.expr("coalesce(" + parsedRows + ", false)");
    Column recent = functions.expr("coalesce(" + recentRows + ", false)");
    List<Column> entries = new ArrayList<>();
    for (String c : columns) {
      entries.add(entry(c, functions.col(Predicates.quote(c)).cast("string"), parsed, recent));
    }
    for (List<String> pair : pairs) {
      Column joint =
          functions.concat_ws(
              "\u0001",
              functions.coalesce(
                  functions.col(Predicates.quote(pair.get(0))).cast("string"), functions.lit(NULL)),
              functions.coalesce(
                  functions.col(Predicates.quote(pair.get(1))).cast("string"),
                  functions.lit(NULL)));
      entries.add(entry(pairKey(pair.get(0), pair.get(1)), joint, parsed, recent));
    }
    Dataset<Row> grouped =
        data.select(functions.explode(functions.array(entries.toArray(Column[]::new))).as("e"))
            .groupBy(functions.col("e.c").as("c"), functions.col("e.v").as("v"))
            .agg(
                functions.count(functions.lit(1)).as("n"),
                rowsWhere("e.p").as("p"),
                rowsWhere("e.r").as("r"));
    if (maxValues < Integer.MAX_VALUE) {
      grouped =
          grouped
              .withColumn("values", functions.count(functions.lit(1)).over(Window.partitionBy("c")))
              .filter(functions.col("values").leq(maxValues));
    }
    Map<String, Map<String, Count>> out = new LinkedHashMap<>();
    for (Row r : grouped.select("c", "v", "n", "p", "r").collectAsList()) {
      out.computeIfAbsent(r.getString(0), k -> new HashMap<>())
          .put(
              r.isNullAt(1) ? null : r.getString(1),
              new Count(r.getLong(2), r.getLong(3), r.getLong(4)));
    }
    return new ValueCounts(out);
  }

  private static Column entry(String key, Column value, Column parsed, Column recent) {
    return functions.struct(
        functions.lit(key).as("c"), value.as("v"), parsed.as("p"), recent.as("r"));
  }

  private static Column rowsWhere(String flag) {
    return functions.sum(functions.when(functions.col(flag), 1L).otherwise(0L));
  }

  private static String pairKey(String a, String b) {
    return PAIR + a + "\u0001" + b;
  }

  boolean has(String column) {
    return counts.containsKey(column);
  }

  boolean hasPair(List<String> pair) {
    return counts.containsKey(pairKey(pair.get(0), pair.get(1)));
  }

  /** The counts of one column, a null key for the nulls; empty if not counted. */
  Map<String, Count> of(String column) {
    return counts.getOrDefault(column, Map.of());
  }

  /** These counts and another's, of other columns. */
  ValueCounts plus(ValueCounts other) {
    Map<String, Map<String, Count>> out = new LinkedHashMap<>(counts);
    out.putAll(other.counts);
    return new ValueCounts(out);
  }

  /** Only the given columns and pairs: the profile shows value counts for exactly these. */
  ValueCounts only(List<String> columns, List<List<String>> pairs) {
    Map<String, Map<String, Count>> out = new LinkedHashMap<>();
    columns.stream().filter(counts::containsKey).forEach(c -> out.put(c, counts.get(c)));
    pairs.stream()
        .map(p -> pairKey(p.get(0), p.get(1)))
        .filter(counts::containsKey)
        .forEach(k -> out.put(k, counts.get(k)));
    return new ValueCounts(out);
  }

  /** Rows by value as the report shows them, nulls as {@link #NULL}. */
  private Map<String, Long> shown(String key) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.getOrDefault(key, Map.of()).forEach((v, n) -> out.put(v == null ? NULL : v, n.rows()));
    return out;
  }

  /** Distinct non-null values; exact. */
  long distinct(String column) {
    return shown(column).keySet().stream().filter(v -> !v.equals(NULL)).count();
  }

  /**
   * Distinct pairs of values, rows where both columns are null left out: they say nothing about
   * whether one column repeats the other.
   */
  long pairDistinct(String a, String b) {
    return shown(pairKey(a, b)).keySet().stream()
        .filter(k -> !k.equals(NULL + "\u0001" + NULL))
        .count();
  }

  /** Rows by value of {@code a}, then by value of {@code b}, for rows where both have one. */
  Map<String, Map<String, Long>> pairs(String a, String b) {
    Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
    shown(pairKey(a, b))
        .forEach(
            (k, n) -> {
              String[] v = k.split("\u0001", -1);
              if (v.length == 2 && !v[0].equals(NULL) && !v[1].equals(NULL)) {
                out.computeIfAbsent(v[0], x -> new java.util.TreeMap<>()).merge(v[1], n, Long::sum);
              }
            });
    return out;
  }

  /**
   * Most frequent first; for personal data, every value but nulls, blanks and placeholders is
   * masked.
   */
  List<ColumnProfile.ValueCount> histogram(String column, boolean mask, Set<String> placeholders) {
    return shown(column).entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .map(
            e ->
                new ColumnProfile.ValueCount(
                    mask && !harmless(e.getKey(), placeholders)
                        ? Masking.mask(e.getKey())
                        : e.getKey(),
                    e.getValue()))
        .toList();
  }

  /** Null (as shown), blank or a placeholder: nothing personal or meaningful in it. */
  static boolean harmless(String value, Set<String> placeholders) {
    return value.equals(NULL)
        || value.isBlank()
        || placeholders.stream().anyMatch(p -> p.trim().equalsIgnoreCase(value.trim()));
  }
}
