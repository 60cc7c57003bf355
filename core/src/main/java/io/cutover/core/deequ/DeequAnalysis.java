package io.cutover.core.deequ;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.ApproxCountDistinct;
import com.amazon.deequ.analyzers.Completeness;
import com.amazon.deequ.analyzers.Compliance;
import com.amazon.deequ.analyzers.MaxLength;
import com.amazon.deequ.analyzers.Maximum;
import com.amazon.deequ.analyzers.Mean;
import com.amazon.deequ.analyzers.MinLength;
import com.amazon.deequ.analyzers.Minimum;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.StandardDeviation;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.DistributionValue;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.Try;

/**
 * Cutover's one door to Deequ's analyzers: describe the metrics by name, run them all in one scan
 * with {@code AnalysisRunner}, and read plain Java values back. Scala types stay in here.
 */
public final class DeequAnalysis {
  private final Dataset<Row> data;
  private static final String FLAG_PREFIX = "_cutover_flag_";
  private final Map<String, Analyzer<?, Metric<?>>> analyzers = new LinkedHashMap<>();
  private final Map<String, String> flags = new LinkedHashMap<>();

  public DeequAnalysis(Dataset<Row> data) {
    this.data = data;
  }

  public String size() {
    return add("size", new Size(Option.empty()));
  }

  public String completeness(String column) {
    return add("completeness:" + column, new Completeness(column, Option.empty(), Option.empty()));
  }

  public String approxDistinct(String column) {
    return add("approx_distinct:" + column, new ApproxCountDistinct(column, Option.empty()));
  }

  public String minLength(String column) {
    return add("min_length:" + column, new MinLength(column, Option.empty(), Option.empty()));
  }

  public String maxLength(String column) {
    return add("max_length:" + column, new MaxLength(column, Option.empty(), Option.empty()));
  }

  public String minimum(String column) {
    return add("min:" + column, new Minimum(column, Option.empty(), Option.empty()));
  }

  public String maximum(String column) {
    return add("max:" + column, new Maximum(column, Option.empty(), Option.empty()));
  }

  public String mean(String column) {
    return add("mean:" + column, new Mean(column, Option.empty()));
  }

  public String stddev(String column) {
    return add("stddev:" + column, new StandardDeviation(column, Option.empty()));
  }

  /**
   * Share of rows for which the SQL predicate holds (null counts as not holding). The predicate is
   * evaluated in a projection before the scan's aggregation, not inside it: there Spark generates
   * code for all of them at once and shares common parts (a trimmed value, a parsed date) instead
   * of evaluating each in Deequ's aggregation one by one; Deequ then only sums a boolean column.
   */
  public String compliance(String name, String predicate) {
    String flag = FLAG_PREFIX + flags.size();
    flags.put(flag, "coalesce(" + predicate + ", false)");
    return add(
        "compliance:" + name,
        new Compliance(
            name,
            "`" + flag + "`",
            Option.empty(),
            scala.collection.immutable.List$.MODULE$.empty(),
            Option.empty()));
  }

  /**
   * Deequ's type inference on a string column: counts of Integral, Fractional, Boolean, String,
   * Unknown values.
   */
  public String dataType(String column) {
    return add(
        "data_type:" + column, new com.amazon.deequ.analyzers.DataType(column, Option.empty()));
  }

  /** Runs every analyzer added so far in one pass over the data. */
  public DeequMetrics run() {
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("*"));
    flags.forEach((flag, sql) -> columns.add(functions.expr(sql).as(flag)));
    AnalysisRunBuilder builder =
        AnalysisRunner.onData(flags.isEmpty() ? data : data.select(columns.toArray(Column[]::new)));
    analyzers.values().forEach(builder::addAnalyzer);
    AnalyzerContext context = builder.run();
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, Map<String, Long>> distributions = new LinkedHashMap<>();
    Map<String, String> failures = new LinkedHashMap<>();
    analyzers.forEach(
        (key, analyzer) -> {
          Option<Metric<?>> metric = context.metric(analyzer);
          if (metric.isEmpty()) {
            failures.put(key, "Deequ computed no metric");
            return;
          }
          Try<?> value = metric.get().value();
          if (value.isFailure()) {
            failures.put(key, String.valueOf(value.failed().get().getMessage()));
          } else if (value.get() instanceof Distribution d) {
            distributions.put(key, counts(d));
          } else {
            values.put(key, ((Number) value.get()).doubleValue());
          }
        });
    return new DeequMetrics(values, distributions, failures);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private String add(String key, Analyzer analyzer) {
    analyzers.put(key, (Analyzer<?, Metric<?>>) analyzer);
    return key;
  }

  static Map<String, Long> counts(Distribution d) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Map.Entry<String, DistributionValue> e :
        JavaConverters.mapAsJavaMap(d.values()).entrySet()) {
      out.put(e.getKey(), e.getValue().absolute());
    }
    return out;
  }
}
