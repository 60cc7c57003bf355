package io.cutover.audit;

import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.deequ.DeequValueMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Value checks of low-cardinality string columns, judged once per distinct value from the column's exact value
 * counts instead of once per row in the scan. The same SQL predicates run on a small frame of the distinct values,
 * so each value gets the same verdict, and a verdict counts as many rows as the value has: the shares are those the
 * scan would give. Type inference is Deequ's, weighted the same way. Costs two jobs on a few hundred rows.
 */
final class ValueCountChecks implements CheckCounter {
    private static final String PREFIX = "values:";
    private static final String COLUMN = "_cutover_column";
    private static final String ROW = "_cutover_row";

    private record Check(String key, String column, String predicate, boolean parsedOnly) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Set<String> typed = new LinkedHashSet<>();

    @Override
    public String share(String column, String check, String predicate) {
        return add(column, check, predicate, false);
    }

    @Override
    public String shareOfParsed(String column, String check, String predicate) {
        return add(column, check, predicate, true);
    }

    private String add(String column, String check, String predicate, boolean parsedOnly) {
        String key = PREFIX + column + ":" + check;
        checks.add(new Check(key, column, predicate, parsedOnly));
        return key;
    }

    @Override
    public String dataType(String column) {
        typed.add(column);
        return PREFIX + "data_type:" + column;
    }

    /** The metrics of every check added, under the keys handed out. */
    DeequMetrics compute(SparkSession spark, ValueCounts values) {
        Map<String, Map<String, Long>> types = new LinkedHashMap<>();
        Map<String, Map<String, Long>> rowsByValue = new LinkedHashMap<>();
        for (String column : typed) {
            Map<String, Long> rows = new LinkedHashMap<>();
            values.of(column).forEach((v, n) -> rows.put(v, n.rows()));
            rowsByValue.put(column, rows);
        }
        DeequValueMetrics.dataTypes(spark, rowsByValue).forEach((column, distribution) -> types.put(PREFIX + "data_type:" + column, distribution));
        return new DeequMetrics(shares(spark, values), types, Map.of());
    }

    private Map<String, Double> shares(SparkSession spark, ValueCounts values) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (checks.isEmpty()) {
            return out;
        }
        // One row per (column, value): the column's own name holds the value, so each predicate reads as in the scan.
        List<String> columns = checks.stream().map(Check::column).distinct().toList();
        StructType schema = new StructType().add(ROW, DataTypes.IntegerType).add(COLUMN, DataTypes.StringType);
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
        List<Column> verdicts = new ArrayList<>();
        verdicts.add(functions.col(ROW));
        checks.forEach(c -> verdicts.add(functions.expr("coalesce(" + c.predicate() + ", false)")));
        long[] matches = new long[checks.size()];
        Map<String, Long> total = new LinkedHashMap<>();
        for (Row r : spark.createDataFrame(rows, schema).select(verdicts.toArray(Column[]::new)).collectAsList()) {
            int row = r.getInt(0);
            total.merge(columnOf.get(row), countOf.get(row).rows(), Long::sum);
            for (int k = 0; k < checks.size(); k++) {
                Check check = checks.get(k);
                if (check.column().equals(columnOf.get(row)) && r.getBoolean(k + 1)) {
                    matches[k] += check.parsedOnly() ? countOf.get(row).parsed() : countOf.get(row).rows();
                }
            }
        }
        for (int k = 0; k < checks.size(); k++) {
            Check check = checks.get(k);
            out.put(check.key(), DeequValueMetrics.complianceShare(matches[k], total.getOrDefault(check.column(), 0L)));
        }
        return out;
    }
}
