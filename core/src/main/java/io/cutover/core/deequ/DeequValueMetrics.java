package io.cutover.core.deequ;

import com.amazon.deequ.analyzers.DataType;
import com.amazon.deequ.analyzers.DataTypeHistogram;
import com.amazon.deequ.analyzers.NumMatchesAndCount;
import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.HistogramMetric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.util.Try;

/**
 * Deequ metrics of columns known by their exact value counts, without a pass over their rows:
 * Deequ's own classifier and metric code run once per distinct value, weighted by the value's
 * count, so the numbers are the ones its scan would give.
 */
public final class DeequValueMetrics {
  private DeequValueMetrics() {}

  /** Compliance's share, as Deequ computes it from its state: matching rows over all rows. */
  public static double complianceShare(long matches, long rows) {
    return new NumMatchesAndCount(matches, rows, Option.empty()).metricValue();
  }

  /**
   * Deequ's type inference ({@code DataType}) of string columns from their value counts, by column;
   * a null key counts the nulls. One small job classifies each distinct value once with the
   * analyzer's own aggregation.
   */
  public static Map<String, Map<String, Long>> dataTypes(
      SparkSession spark, Map<String, Map<String, Long>> valueCounts) {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    if (valueCounts.isEmpty()) {
      return out;
    }
    Map<String, DataTypeHistogram> typeOf = classify(spark, valueCounts);
    valueCounts.forEach(
        (column, counts) -> {
          DataTypeHistogram total = DataTypeHistogram.apply(0, 0, 0, 0, 0);
          for (Map.Entry<String, Long> e : counts.entrySet()) {
            total = total.sum(times(typeOf.get(e.getKey()), e.getValue()));
          }
          HistogramMetric metric =
              new DataType(column, Option.empty()).computeMetricFrom(Option.apply(total));
          Try<Distribution> value = metric.value();
          out.put(column, DeequAnalysis.counts(value.get()));
        });
    return out;
  }

  private static Map<String, DataTypeHistogram> classify(
      SparkSession spark, Map<String, Map<String, Long>> valueCounts) {
    Set<String> values = new LinkedHashSet<>();
    valueCounts.values().forEach(counts -> values.addAll(counts.keySet()));
    List<Row> rows = new ArrayList<>();
    values.forEach(v -> rows.add(RowFactory.create(v)));
    DataType analyzer = new DataType("v", Option.empty());
    List<Column> aggregation = JavaConverters.seqAsJavaList(analyzer.aggregationFunctions());
    Map<String, DataTypeHistogram> typeOf = new HashMap<>();
    for (Row r :
        spark
            .createDataFrame(rows, new StructType().add("v", DataTypes.StringType))
            .groupBy("v")
            .agg(aggregation.get(0))
            .collectAsList()) {
      typeOf.put(r.isNullAt(0) ? null : r.getString(0), analyzer.fromAggregationResult(r, 1).get());
    }
    return typeOf;
  }

  private static DataTypeHistogram times(DataTypeHistogram one, long n) {
    return DataTypeHistogram.apply(
        one.numNull() * n,
        one.numFractional() * n,
        one.numIntegral() * n,
        one.numBoolean() * n,
        one.numString() * n);
  }
}
