package io.cutover.reconcile;

import io.cutover.core.rules.Sql;
import io.cutover.core.spec.ReconcileSpec;
import io.cutover.core.spec.Tolerance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Aggregate parity between the expected and the staged rows: sum, min and max of every numeric column and the
 * distinct count of every text column, one aggregation per side. Exact unless the spec gives a column a
 * tolerance (e.g. a double summed in another order, or a target that keeps fewer decimals by design).
 */
final class AggregateParity {
    private final ReconcileSpec settings;

    AggregateParity(ReconcileSpec settings) {
        this.settings = settings;
    }

    CheckOutcome check(Dataset<Row> expected, Dataset<Row> actual, List<String> columns) {
        List<Column> aggs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Tolerance> tolerances = new ArrayList<>();
        for (StructField f : expected.schema().fields()) {
            if (!columns.contains(f.name())) {
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
        if (aggs.isEmpty()) {
            return CheckOutcome.pass("aggregates", "no numeric or text columns to compare", Map.of());
        }
        Row e = expected.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        Row a = actual.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        Map<String, Object> numbers = new LinkedHashMap<>();
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Object ev = e.get(i);
            Object av = a.get(i);
            if (!agree(ev, av, tolerances.get(i))) {
                Tolerance t = tolerances.get(i);
                differ.add(names.get(i) + ": expected " + ev + ", staged " + av + (t.isExact() ? "" : " (beyond the tolerance at " + t.origin() + ")"));
                numbers.put(names.get(i), Map.of("expected", String.valueOf(ev), "staged", String.valueOf(av)));
            }
        }
        long tolerant = tolerances.stream().filter(t -> !t.isExact()).count();
        if (differ.isEmpty()) {
            return CheckOutcome.pass("aggregates", names.size() + " aggregates agree (sum, min, max of numbers; distinct counts of text)"
                    + (tolerant == 0 ? "" : ", " + tolerant + " of them with the spec's tolerances"), Map.of("compared", names.size()));
        }
        return new CheckOutcome("aggregates", Verdict.FAIL, String.join("; ", differ), numbers, List.of());
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
