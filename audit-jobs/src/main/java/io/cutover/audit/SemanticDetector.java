package io.cutover.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Recognises emails, phones, dates and numbers kept as text from the first rows of a dataset (one small
 * job), so the full scan runs only the checks that fit each column.
 */
final class SemanticDetector {
    static final int SAMPLE_ROWS = 2000;
    private static final double MAJORITY = 0.8;
    private static final int MIN_VALUES = 10;

    private SemanticDetector() {
    }

    static Map<String, SemanticType> detect(Dataset<Row> data, List<String> stringColumns, Set<String> placeholders) {
        Map<String, SemanticType> out = new LinkedHashMap<>();
        if (stringColumns.isEmpty()) {
            return out;
        }
        List<Column> sums = new ArrayList<>();
        for (String c : stringColumns) {
            Predicates p = new Predicates(c, placeholders);
            String m = "(" + p.meaningful() + ")";
            sums.add(count(m));
            sums.add(count(m + " AND " + p.validEmail()));
            sums.add(count(m + " AND " + p.validDate()));
            sums.add(count(m + " AND (" + p.validNumber() + " OR " + p.thousands() + ")"));
            sums.add(count(m + " AND " + p.validPhone()));
        }
        Row r = data.limit(SAMPLE_ROWS).agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
        for (int i = 0; i < stringColumns.size(); i++) {
            String name = stringColumns.get(i);
            long meaningful = r.getLong(5 * i);
            out.put(name, decide(name, meaningful, r.getLong(5 * i + 1), r.getLong(5 * i + 2), r.getLong(5 * i + 3), r.getLong(5 * i + 4)));
        }
        return out;
    }

    private static Column count(String predicate) {
        return functions.coalesce(functions.sum(functions.expr("CASE WHEN coalesce(" + predicate + ", false) THEN 1 ELSE 0 END")), functions.lit(0L));
    }

    static SemanticType decide(String name, long meaningful, long email, long date, long number, long phone) {
        if (meaningful < MIN_VALUES) {
            return SemanticType.NONE;
        }
        String n = name.toLowerCase(Locale.ROOT);
        boolean phoneName = n.contains("phone") || n.contains("mobile") || n.contains("tel") || n.contains("fax");
        if (email >= MAJORITY * meaningful) {
            return SemanticType.EMAIL;
        }
        if (phoneName && phone >= MAJORITY * meaningful) {
            return SemanticType.PHONE;
        }
        if (date >= MAJORITY * meaningful) {
            return SemanticType.DATE;
        }
        if (number >= MAJORITY * meaningful) {
            return SemanticType.NUMBER_TEXT;
        }
        if (phone >= MAJORITY * meaningful) {
            return SemanticType.PHONE;
        }
        return SemanticType.NONE;
    }
}
