package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Exact value counts for every low-cardinality column, and for candidate column pairs, in one aggregation:
 * each row is exploded into (column, value) pairs and grouped once. Deequ's Histogram would scan once per column.
 */
final class ValueCounts {
    static final String NULL = "(null)";
    private static final String PAIR = "pair:";

    private final Map<String, Map<String, Long>> counts;

    private ValueCounts(Map<String, Map<String, Long>> counts) {
        this.counts = counts;
    }

    static ValueCounts compute(Dataset<Row> data, List<String> columns, List<List<String>> pairs) {
        if (columns.isEmpty()) {
            return new ValueCounts(Map.of());
        }
        List<Column> entries = new ArrayList<>();
        for (String c : columns) {
            entries.add(functions.struct(functions.lit(c).as("c"), functions.col(Predicates.quote(c)).cast("string").as("v")));
        }
        for (List<String> pair : pairs) {
            Column joint = functions.concat_ws("\u0001",
                    functions.coalesce(functions.col(Predicates.quote(pair.get(0))).cast("string"), functions.lit(NULL)),
                    functions.coalesce(functions.col(Predicates.quote(pair.get(1))).cast("string"), functions.lit(NULL)));
            entries.add(functions.struct(functions.lit(PAIR + pair.get(0) + "\u0001" + pair.get(1)).as("c"), joint.as("v")));
        }
        List<Row> rows = data.select(functions.explode(functions.array(entries.toArray(Column[]::new))).as("e"))
                .groupBy(functions.col("e.c"), functions.col("e.v")).count().collectAsList();
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            String value = r.isNullAt(1) ? NULL : r.getString(1);
            out.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>()).put(value, r.getLong(2));
        }
        return new ValueCounts(out);
    }

    boolean has(String column) {
        return counts.containsKey(column);
    }

    /** Distinct non-null values; exact. */
    long distinct(String column) {
        return counts.getOrDefault(column, Map.of()).keySet().stream().filter(v -> !v.equals(NULL)).count();
    }

    long pairDistinct(String a, String b) {
        return counts.getOrDefault(PAIR + a + "\u0001" + b, Map.of()).size();
    }

    /** Most frequent first; for personal data, every value but nulls, blanks and placeholders is masked. */
    List<ColumnProfile.ValueCount> histogram(String column, boolean mask, Set<String> placeholders) {
        return counts.getOrDefault(column, Map.of()).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new ColumnProfile.ValueCount(mask && !harmless(e.getKey(), placeholders) ? Masking.mask(e.getKey()) : e.getKey(), e.getValue()))
                .toList();
    }

    private static boolean harmless(String value, Set<String> placeholders) {
        return value.equals(NULL) || value.isBlank() || placeholders.stream().anyMatch(p -> p.trim().equalsIgnoreCase(value.trim()));
    }
}
