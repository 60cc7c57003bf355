package io.cutover.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * What the first rows of a dataset tell before the full scan, in one small job: which string
 * columns hold emails, phones, dates or numbers kept as text, and how many distinct and non-null
 * values each column has there (a guess at which columns are low-cardinality, checked later against
 * exact counts).
 */
record FirstRows(
    Map<String, SemanticType> semantics, Map<String, Long> distinct, Map<String, Long> nonNull) {

  /**
   * Only plain columns (text, numbers, dates, booleans) are counted; arrays, maps, structs and
   * binaries are not.
   */
  static FirstRows of(Dataset<Row> data, List<StructField> fields, Set<String> placeholders) {
    List<Column> aggregates = new ArrayList<>();
    List<StructField> counted =
        fields.stream().filter(f -> ColumnPlan.kindOf(f.dataType()).plain()).toList();
    for (StructField f : counted) {
      Column c = functions.col(Predicates.quote(f.name()));
      aggregates.add(functions.size(functions.collect_set(c)).cast("long"));
      aggregates.add(functions.count(c));
      if (ColumnPlan.kindOf(f.dataType()) == ColumnPlan.Kind.STRING) {
        aggregates.addAll(SemanticDetector.counts(f.name(), placeholders));
      }
    }
    Map<String, SemanticType> semantics = new LinkedHashMap<>();
    Map<String, Long> distinct = new LinkedHashMap<>();
    Map<String, Long> nonNull = new LinkedHashMap<>();
    if (aggregates.isEmpty()) {
      return new FirstRows(semantics, distinct, nonNull);
    }
    Row r =
        data.limit(SemanticDetector.SAMPLE_ROWS)
            .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    int at = 0;
    for (StructField f : counted) {
      distinct.put(f.name(), r.getLong(at++));
      nonNull.put(f.name(), r.getLong(at++));
      if (ColumnPlan.kindOf(f.dataType()) == ColumnPlan.Kind.STRING) {
        semantics.put(f.name(), SemanticDetector.decide(f.name(), r, at));
        at += 6;
      }
    }
    return new FirstRows(semantics, distinct, nonNull);
  }
}
