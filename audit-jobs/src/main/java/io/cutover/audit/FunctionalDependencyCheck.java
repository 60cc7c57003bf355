package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.IntegralType;

/**
 * Where one column almost determines another (a postcode its state, a city its country) the rows
 * that break it: a postcode in another state than on every other row that has it is a wrong state
 * or a wrong postcode. Candidate pairs come from names, a finer place to a coarser one, so the cost
 * stays bounded: one scan of all pairs together, grouped by (pair, value, value) and then by (pair,
 * value) and pair (three shuffles of the distinct combinations, not of the rows), only when the
 * dataset has such a pair. A dependency is judged only where values repeat (two rows per
 * determining value on average) and holds on at least {@link #HOLDS} of the rows.
 */
final class FunctionalDependencyCheck {
  /** The determining value gives its usual value on at least this share of the rows. */
  static final double HOLDS = 0.95;

  private static final int EXAMPLES = 3;

  /** Places from the finest (0) to the coarsest; a pair goes from finer to coarser. */
  private static final List<Pattern> LEVELS =
      List.of(
          Pattern.compile("post_?code|postal|zip"),
          Pattern.compile("suburb|city|town|locality|district|municipality"),
          Pattern.compile("county|region|state|province|territory"),
          Pattern.compile("country"));

  private final SourceSpec source;
  private final Dataset<Row> data;

  FunctionalDependencyCheck(SourceSpec source, Dataset<Row> data) {
    this.source = source;
    this.data = data;
  }

  /** Pairs (determining, determined) named like a finer and a coarser place. */
  static List<String[]> candidates(SourceSpec source, List<ColumnPlan> plans) {
    List<String[]> out = new ArrayList<>();
    for (ColumnPlan x : plans) {
      for (ColumnPlan y : plans) {
        int lx = level(x);
        int ly = level(y);
        if (lx >= 0
            && ly > lx
            && !source.key().contains(x.name)
            && !source.key().contains(y.name)) {
          out.add(new String[] {x.name, y.name});
        }
      }
    }
    return out;
  }

  private static int level(ColumnPlan p) {
    if (p.kind != ColumnPlan.Kind.STRING && !(p.type instanceof IntegralType)) {
      return -1;
    }
    String n = p.name.toLowerCase(Locale.ROOT);
    if (n.endsWith("_id")) {
      return -1;
    }
    for (int i = 0; i < LEVELS.size(); i++) {
      if (LEVELS.get(i).matcher(n).find()) {
        return i;
      }
    }
    return -1;
  }

  List<Finding> run(List<String[]> pairs, String parsedRows) {
    if (pairs.isEmpty()) {
      return List.of();
    }
    List<Column> entries = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      entries.add(
          functions.struct(
              functions.lit(i).as("p"),
              functions.trim(RowPatterns.col(pairs.get(i)[0]).cast("string")).as("x"),
              functions.trim(RowPatterns.col(pairs.get(i)[1]).cast("string")).as("y")));
    }
    Dataset<Row> combinations =
        data.filter(functions.expr("coalesce(" + parsedRows + ", false)"))
            .select(functions.explode(functions.array(entries.toArray(Column[]::new))).as("e"))
            .filter("e.x IS NOT NULL AND e.y IS NOT NULL AND e.x <> '' AND e.y <> ''")
            .groupBy("e.p", "e.x", "e.y")
            .count();
    Dataset<Row> byValue =
        combinations
            .groupBy("p", "x")
            .agg(
                functions.sum("count").as("rows"),
                functions.max("count").as("usual"),
                functions
                    .sort_array(
                        functions.collect_list(
                            functions.struct(functions.col("count"), functions.col("y"))),
                        false)
                    .as("ys"));
    Dataset<Row> byPair =
        byValue
            .groupBy("p")
            .agg(
                functions.sum("rows").as("rows"),
                functions.sum("usual").as("usual"),
                functions.count(functions.lit(1)).as("values"),
                functions
                    .slice(
                        functions.collect_list(
                            functions.when(
                                functions.size(functions.col("ys")).gt(1),
                                functions.struct(functions.col("x"), functions.col("ys")))),
                        1,
                        EXAMPLES)
                    .as("examples"));
    List<Finding> out = new ArrayList<>();
    for (Row r : byPair.collectAsList()) {
      String[] pair = pairs.get(r.getInt(0));
      long rows = r.getLong(1);
      long usual = r.getLong(2);
      long values = r.getLong(3);
      long breaks = rows - usual;
      if (rows < RowPatterns.MIN_ROWS || rows < 2 * values || breaks == 0 || usual < HOLDS * rows) {
        continue;
      }
      out.add(finding(pair[0], pair[1], rows, breaks, examples(r.getList(4), pair)));
    }
    return out;
  }

  private List<String> examples(List<Row> broken, String[] pair) {
    boolean personal = source.isPersonal(pair[0]) || source.isPersonal(pair[1]);
    List<String> out = new ArrayList<>();
    for (Row b : broken) {
      List<Row> ys = b.getList(1);
      StringBuilder s = new StringBuilder(pair[0] + " " + b.getString(0) + ": " + pair[1] + " ");
      for (int i = 0; i < ys.size(); i++) {
        s.append(i == 0 ? "" : ", ")
            .append(ys.get(i).getString(1))
            .append(" (")
            .append(ys.get(i).getLong(0))
            .append(" rows)");
      }
      out.add(personal ? Masking.mask(s.toString()) : s.toString());
    }
    return out;
  }

  private Finding finding(String x, String y, long rows, long breaks, List<String> examples) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", breaks);
    evidence.put("compared", rows);
    evidence.put("determined_by", x);
    evidence.put("share", DatasetAudit.share(rows - breaks, rows));
    return new Finding(
        source.name(),
        y,
        Category.CORRUPT,
        "dependency-broken",
        Severity.MEDIUM,
        x
            + " determines "
            + y
            + " on "
            + (rows - breaks)
            + " of "
            + rows
            + " rows; "
            + breaks
            + " rows give another "
            + y
            + " than the other rows with the same "
            + x
            + ": a wrong "
            + y
            + " or a wrong "
            + x,
        evidence,
        examples,
        "# sources."
            + source.name()
            + ": "
            + breaks
            + " rows break "
            + x
            + " -> "
            + y
            + ": correct them at the source, or map "
            + y
            + " from "
            + x);
  }
}
