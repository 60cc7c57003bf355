package io.cutover.reconcile;

import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.ReconcileSpec;
import io.cutover.core.spec.Tolerance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Aggregate parity between the expected and the staged rows: sum, min and max of every numeric column and the
 * distinct count of every text column, one aggregation per side grouped by cohort. Exact unless the spec gives a column a
 * tolerance (e.g. a double summed in another order, or a target that keeps fewer decimals by design).
 */
final class AggregateParity {
    private final ReconcileSpec settings;

    AggregateParity(ReconcileSpec settings) {
        this.settings = settings;
    }

    /** An aggregates outcome for each of {@code cohorts}: one aggregation grouped by cohort per side. */
    Map<String, CheckOutcome> check(Dataset<Row> expected, Dataset<Row> actual, List<String> columns, List<String> cohorts) {
        List<Column> aggs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Tolerance> tolerances = new ArrayList<>();
        for (StructField f : expected.schema().fields()) {
            if (!columns.contains(f.name()) || f.name().equals(StageColumns.COHORT)) {
                continue;
            }
            Column c = functions.col(Sql.column(f.name()));
            Tolerance tolerance = settings.toleranceOf(f.name());
            if (f.dataType() instanceof NumericType) {
                tolerances.addAll(List.of(tolerance, tolerance, tolerance));
                aggs.add(functions.sum(c));
                names.add("sum(" + f.name() + ")");
                aggs.add(functions.min(c));
                names.add("min(" + f.name() + ")");
                aggs.add(functions.max(c));
                names.add("max(" + f.name() + ")");
            } else if (f.dataType() instanceof StringType) {
                tolerances.add(tolerance);
                aggs.add(functions.countDistinct(c));
                names.add("distinct(" + f.name() + ")");
            }
        }
        Map<String, CheckOutcome> out = new TreeMap<>();
        if (aggs.isEmpty()) {
            cohorts.forEach(cohort -> out.put(cohort, CheckOutcome.pass("aggregates", "no numeric or text columns to compare", Map.of())));
            return out;
        }
        Map<String, Row> e = byCohort(expected, aggs);
        Map<String, Row> a = byCohort(actual, aggs);
        long tolerant = tolerances.stream().filter(t -> !t.isExact()).count();
        for (String cohort : cohorts) {
            Map<String, Object> numbers = new LinkedHashMap<>();
            List<String> differ = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Object ev = value(e.get(cohort), i);
                Object av = value(a.get(cohort), i);
                if (!agree(ev, av, tolerances.get(i))) {
                    Tolerance t = tolerances.get(i);
                    differ.add(names.get(i) + ": expected " + ev + ", staged " + av + (t.isExact() ? "" : " (beyond the tolerance at " + t.origin() + ")"));
                    numbers.put(names.get(i), Map.of("expected", String.valueOf(ev), "staged", String.valueOf(av)));
                }
            }
            out.put(cohort, differ.isEmpty()
                    ? CheckOutcome.pass("aggregates", names.size() + " aggregates agree (sum, min, max of numbers; distinct counts of text)"
                            + (tolerant == 0 ? "" : ", " + tolerant + " of them with the spec's tolerances"), Map.of("compared", names.size()))
                    : new CheckOutcome("aggregates", Verdict.FAIL, String.join("; ", differ), numbers, List.of()));
        }
        return out;
    }

    private static Map<String, Row> byCohort(Dataset<Row> rows, List<Column> aggs) {
        Map<String, Row> out = new TreeMap<>();
        rows.groupBy(rows.col(StageColumns.COHORT)).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collectAsList()
                .forEach(r -> out.put(r.getString(0), r));
        return out;
    }

    /** The i-th aggregate of a cohort; a cohort with no rows on a side has a count of 0 and null sums. */
    private static Object value(Row r, int i) {
        return r == null ? null : r.get(i + 1);
    }

    /** Exact unless the column has a tolerance; a null on one side only never agrees. */
    private static boolean agree(Object expected, Object staged, Tolerance tolerance) {
        if (tolerance.isExact() || !(expected instanceof Number e) || !(staged instanceof Number a)) {
            return java.util.Objects.equals(normalize(expected), normalize(staged));
        }
        return tolerance.allows(e.doubleValue(), a.doubleValue());
    }

    private static Object normalize(Object v) {
        return v instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : v;
    }
}
