package io.cutover.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;

/**
 * Where staged Delta tables live ({@code path} holds the staged table {@code table} and its quarantine, exclusions
 * and runs) and, optionally, the staged table's declared schema and CHECK constraints, enforced by Delta.
 */
public record TargetSpec(String table, String path, List<Column> columns, List<Check> checks) {

    /**
     * A declared target column: its Spark SQL type, whether it may be null, and for text the most characters it
     * holds ({@code length = N}, or a {@code varchar(N)} type); a longer value is quarantined, never cut.
     */
    public record Column(String name, String type, boolean nullable, java.util.Optional<Integer> length, String origin) {
    }

    /** A CHECK constraint on the staged table. */
    public record Check(String name, String expression, String origin) {
    }

    public TargetSpec {
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
    }

    public boolean declaresSchema() {
        return !columns.isEmpty();
    }

    public String stagedPath() {
        return path + "/" + table;
    }

    public String quarantinePath() {
        return path + "/_quarantine";
    }

    public String exclusionsPath() {
        return path + "/_exclusions";
    }

    public String runsPath() {
        return path + "/_runs";
    }

    public String verdictsPath() {
        return path + "/_verdicts";
    }

    static TargetSpec fromNode(SpecNode node, Locations locations) {
        int mark = node.mark();
        node.allowOnly("table", "path", "columns", "checks");
        String table = node.string("table");
        if (table != null) {
            Names.checkIdentifier(table).ifPresent(p -> node.problem("table", p));
        }
        String path = node.string("path");
        if (path != null) {
            Names.checkPath(path).ifPresent(p -> node.problem("path", p));
        }
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, SpecNode> e : node.optChild("columns").namedChildrenInOrder().entrySet()) {
            SpecNode c = e.getValue();
            c.allowOnly("type", "nullable", "length");
            Names.checkColumn(e.getKey()).ifPresent(p -> c.problem(null, p));
            String type = c.string("type");
            DataType parsed = null;
            if (type != null) {
                try {
                    parsed = io.cutover.core.rules.TargetTypes.parse(type);
                } catch (Exception ex) {
                    c.problem("type", "'" + type + "' is not a Spark type; use e.g. bigint, string, \"varchar(50)\", date, timestamp, \"decimal(18,2)\", boolean");
                }
            }
            java.util.Optional<Integer> length = type == null ? java.util.Optional.empty() : io.cutover.core.rules.TargetTypes.maxLength(type);
            if (c.has("length")) {
                int given = (int) c.integer("length", 1, 1, Integer.MAX_VALUE);
                if (parsed != null && !(parsed instanceof org.apache.spark.sql.types.StringType)) {
                    c.problem("length", "'length' applies only to a string column, and '" + e.getKey() + "' is " + type);
                } else if (length.isPresent() && length.get() != given) {
                    c.problem("length", "length = " + given + " contradicts type " + type);
                }
                length = java.util.Optional.of(given);
            }
            columns.add(new Column(e.getKey(), type, c.bool("nullable", true), length, RuleParser.originOf(c)));
        }
        List<Check> checks = new ArrayList<>();
        for (SpecNode c : node.objects("checks")) {
            c.allowOnly("name", "expression");
            String name = c.string("name");
            if (name != null) {
                Names.checkIdentifier(name.replace('-', '_')).ifPresent(p -> c.problem("name", p));
            }
            checks.add(new Check(name, c.string("expression"), RuleParser.originOf(c)));
        }
        return node.failedSince(mark) ? null : new TargetSpec(table, locations.resolve(path), columns, checks);
    }
}
