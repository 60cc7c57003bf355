package io.cutover.reconcile;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.RowHash;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The row-level check: expected rows against staged rows, joined on the key, for every cohort of
 * the run in one join and one aggregation grouped by cohort. Rows only expected are missing, only
 * staged extra (no legacy row, or one the rules do not stage), staged more than once duplicated;
 * rows whose hash differs are changed and only those are compared column by column. Deequ's
 * DataSynchronization is not used: it refuses duplicate keys and compares nulls unsafely, and both
 * are defects to report here.
 */
final class KeyedDiff {
  private final List<String> key;
  private final List<String> compared;
  private final SourceSpec source;

  /**
   * {@code compared}: the columns a row's values are compared on (see
   * RuleCompiler.Compiled#compared).
   */
  KeyedDiff(List<String> key, List<String> compared, SourceSpec source) {
    this.key = key;
    this.compared = List.copyOf(compared);
    this.source = source;
  }

  /**
   * A rows outcome for each of {@code cohorts}; {@code duplicates} holds the duplicated keys per
   * cohort and {@code vouched} the rows per cohort left out of {@code expected} and {@code actual}
   * because their recorded hashes already show them equal (see {@link Fingerprints}).
   */
  Map<String, CheckOutcome> check(
      Dataset<Row> expected,
      Dataset<Row> actual,
      DuplicateKeys duplicates,
      List<String> cohorts,
      Map<String, Long> vouched) {
    Dataset<Row> e = hashed(expected, "e");
    Dataset<Row> a = hashed(actual, "a");
    Column on = null;
    for (String k : key) {
      Column eq = e.col("e_" + k).eqNullSafe(a.col("a_" + k));
      on = on == null ? eq : on.and(eq);
    }
    Dataset<Row> joined = e.join(a, on, "full_outer");
    Column cohort =
        functions.coalesce(e.col("e_" + StageColumns.COHORT), a.col("a_" + StageColumns.COHORT));
    Column missing = a.col("a_hash").isNull().and(e.col("e_hash").isNotNull());
    Column extra = e.col("e_hash").isNull();
    Column changed =
        e.col("e_hash")
            .isNotNull()
            .and(a.col("a_hash").isNotNull())
            .and(e.col("e_hash").notEqual(a.col("a_hash")));
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.count(e.col("e_hash")).as("expected_rows"));
    aggs.add(functions.count(a.col("a_hash")).as("staged_rows"));
    aggs.add(count(missing).as("missing"));
    aggs.add(count(extra).as("extra"));
    aggs.add(count(changed).as("changed"));
    for (String c : compared) {
      aggs.add(
          count(changed.and(functions.not(e.col("e_" + c).eqNullSafe(a.col("a_" + c)))))
              .as("diff_" + c));
    }
    // Example keys of each defect per cohort from the same aggregation (a second query would run
    // the join again);
    // it collects the keys of a cohort's differing rows, so its memory is bounded by the cohort's
    // size.
    Column keyText =
        DuplicateKeys.keyText(
            key.stream().map(k -> functions.coalesce(e.col("e_" + k), a.col("a_" + k))).toList());
    for (Column defect : List.of(missing, extra, changed)) {
      aggs.add(
          functions.slice(
              functions.array_sort(functions.collect_list(functions.when(defect, keyText))),
              1,
              CheckOutcome.EXAMPLES));
    }
    Map<String, Row> byCohort = new TreeMap<>();
    joined
        .groupBy(cohort.as("_cohort"))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .collectAsList()
        .forEach(r -> byCohort.put(r.getString(0), r));

    Map<String, Map<String, Object>> numbers = new TreeMap<>();
    List<String> failing = new ArrayList<>();
    for (String c : cohorts) {
      Row r = byCohort.get(c);
      Map<String, Object> n = new LinkedHashMap<>();
      long v = vouched.getOrDefault(c, 0L);
      n.put("expected_rows", value(r, 1) + v);
      n.put("staged_rows", value(r, 2) + v);
      if (v > 0) {
        n.put("vouched_by_hash", v);
      }
      n.put("missing", value(r, 3));
      n.put("extra", value(r, 4));
      n.put("duplicate_keys", duplicates.in(c));
      n.put("changed", value(r, 5));
      for (int i = 0; i < compared.size(); i++) {
        long d = value(r, 6 + i);
        if (d > 0) {
          n.put("changed_" + compared.get(i), d);
        }
      }
      numbers.put(c, n);
      if ((long) n.get("missing")
              + (long) n.get("extra")
              + (long) n.get("changed")
              + (long) n.get("duplicate_keys")
          > 0) {
        failing.add(c);
      }
    }
    boolean maskKeys = source.hasPersonalKey();
    int examplesAt = 6 + compared.size();

    Map<String, CheckOutcome> out = new TreeMap<>();
    for (String c : cohorts) {
      Map<String, Object> n = numbers.get(c);
      if (!failing.contains(c)) {
        long v = vouched.getOrDefault(c, 0L);
        out.put(
            c,
            CheckOutcome.pass(
                "rows",
                "all "
                    + n.get("staged_rows")
                    + " staged rows match the expected rows, key by key"
                    + (v > 0
                        ? " ("
                            + v
                            + " by the hashes stage recorded, the others recomputed and compared)"
                        : ""),
                n));
        continue;
      }
      List<String> changedColumns = new ArrayList<>();
      n.forEach(
          (name, v) -> {
            if (name.startsWith("changed_")) {
              changedColumns.add(name.substring("changed_".length()) + " (" + v + ")");
            }
          });
      Row r = byCohort.get(c);
      Map<String, List<String>> keys = new LinkedHashMap<>();
      keys.put("missing", examples(r, examplesAt, maskKeys));
      keys.put("extra", examples(r, examplesAt + 1, maskKeys));
      keys.put("duplicated", duplicates.examplesIn(c));
      keys.put("changed", examples(r, examplesAt + 2, maskKeys));
      keys.values().removeIf(List::isEmpty);
      String message =
          n.get("missing")
              + " missing"
              + inParentheses(
                  CheckOutcome.keys(
                      (long) n.get("missing"), keys.getOrDefault("missing", List.of())))
              + ", "
              + n.get("extra")
              + " extra"
              + inParentheses(
                  CheckOutcome.keys((long) n.get("extra"), keys.getOrDefault("extra", List.of())))
              + ", "
              + duplicates.describeIn(c)
              + ", "
              + n.get("changed")
              + " changed"
              + inParentheses(
                  String.join(
                      "; ",
                      java.util.stream.Stream.of(
                              CheckOutcome.keys(
                                  (long) n.get("changed"), keys.getOrDefault("changed", List.of())),
                              changedColumns.isEmpty()
                                  ? ""
                                  : "columns: " + String.join(", ", changedColumns))
                          .filter(x -> !x.isEmpty())
                          .toList()));
      List<String> examples = new ArrayList<>();
      keys.forEach((defect, k) -> k.forEach(x -> examples.add(defect + ": " + x)));
      out.put(c, new CheckOutcome("rows", Verdict.FAIL, message, n, examples, keys));
    }
    return out;
  }

  /**
   * Keys staged more than once, per cohort: one grouping of the staged keys. Skipped (all zero)
   * when Deequ already found the key unique over every cohort of the run.
   */
  DuplicateKeys duplicates(Dataset<Row> actual) {
    List<Column> by = new ArrayList<>();
    by.add(actual.col(StageColumns.COHORT).as("_cohort"));
    for (int i = 0; i < key.size(); i++) {
      by.add(actual.col(Sql.column(key.get(i))).as("_k" + i));
    }
    Dataset<Row> extra = actual.groupBy(by.toArray(Column[]::new)).count().filter("count > 1");
    Column keyText =
        DuplicateKeys.keyText(
            java.util.stream.IntStream.range(0, key.size())
                .mapToObj(i -> functions.col("_k" + i))
                .toList());
    Map<String, Long> rows = new TreeMap<>();
    Map<String, List<String>> examples = new TreeMap<>();
    extra
        .groupBy("_cohort")
        .agg(
            functions.sum(functions.col("count").minus(1)),
            DuplicateKeys.examples(keyText, functions.col("count"), functions.lit(true)))
        .collectAsList()
        .forEach(
            r -> {
              rows.put(r.getString(0), r.getLong(1));
              examples.put(r.getString(0), r.getList(2));
            });
    return new DuplicateKeys(rows, examples);
  }

  private static List<String> examples(Row r, int at, boolean mask) {
    return r == null
        ? List.of()
        : r.<String>getList(at).stream().map(x -> mask ? Masking.mask(x) : x).toList();
  }

  private static String inParentheses(String text) {
    return text.isEmpty() ? "" : " (" + text + ")";
  }

  private static Column count(Column condition) {
    return functions.count(functions.when(condition, 1));
  }

  private static long value(Row r, int i) {
    return r == null || r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /**
   * Prefixed columns plus the hash of the compared values (RowHash): it only picks the rows to
   * compare column by column.
   */
  private Dataset<Row> hashed(Dataset<Row> rows, String prefix) {
    List<Column> out = new ArrayList<>();
    out.add(rows.col(StageColumns.COHORT).as(prefix + "_" + StageColumns.COHORT));
    for (String k : key) {
      out.add(rows.col(Sql.column(k)).as(prefix + "_" + k));
    }
    for (String c : compared) {
      out.add(rows.col(Sql.column(c)).as(prefix + "_" + c));
    }
    out.add(RowHash.ofColumns(rows, compared).as(prefix + "_hash"));
    return rows.select(out.toArray(Column[]::new));
  }
}
