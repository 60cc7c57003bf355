package io.cutover.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;

/**
 * Where staged Delta tables live ({@code path} holds the staged table {@code table} and its
 * quarantine, exclusions and runs) and, optionally, the staged table's declared schema and CHECK
 * constraints, enforced by Delta.
 *
 * <p>The cohort source stages into {@code table}; every other staged source S into {@code path/S},
 * with its own quarantine and exclusions ({@code _quarantine_S}, {@code _exclusions_S}) and the
 * columns and checks of {@code tables.S}: {@link #forSource} gives that target, the one place these
 * paths are made.
 *
 * @param tables the declared schema of other staged sources, by source name
 * @param suffix "" for the cohort source's target, "_S" for source S's
 */
public record TargetSpec(
    String table,
    String path,
    List<Column> columns,
    List<Check> checks,
    Map<String, TargetSpec> tables,
    String suffix) {

  /**
   * A declared target column: its Spark SQL type, whether it may be null, and for text the most
   * characters it holds ({@code length = N}, or a {@code varchar(N)} type); a longer value is
   * quarantined, never cut.
   */
  public record Column(
      String name,
      String type,
      boolean nullable,
      java.util.Optional<Integer> length,
      String origin) {}

  /** A CHECK constraint on the staged table. */
  public record Check(String name, String expression, String origin) {}

  public TargetSpec {
    columns = List.copyOf(columns);
    checks = List.copyOf(checks);
    tables = Map.copyOf(tables);
  }

  public TargetSpec(String table, String path, List<Column> columns, List<Check> checks) {
    this(table, path, columns, checks, Map.of(), "");
  }

  /**
   * The target of a staged source other than the cohort source: staged table {@code path/source},
   * its own quarantine and exclusions, the columns and checks of {@code tables.source} (none
   * declared: the rules decide); runs and verdicts stay shared, one record per cohort run.
   */
  public TargetSpec forSource(String source) {
    TargetSpec declared = tables.get(source);
    return new TargetSpec(
        source,
        path,
        declared == null ? List.of() : declared.columns(),
        declared == null ? List.of() : declared.checks(),
        Map.of(),
        "_" + source);
  }

  public boolean declaresSchema() {
    return !columns.isEmpty();
  }

  public String stagedPath() {
    return path + "/" + table;
  }

  public String quarantinePath() {
    return path + "/_quarantine" + suffix;
  }

  public String exclusionsPath() {
    return path + "/_exclusions" + suffix;
  }

  public String runsPath() {
    return path + "/_runs";
  }

  public String verdictsPath() {
    return path + "/_verdicts";
  }

  static TargetSpec fromNode(SpecNode node, Locations locations, java.util.Set<String> sources) {
    int mark = node.mark();
    node.allowOnly("table", "path", "columns", "checks", "tables");
    String table = node.string("table");
    if (table != null) {
      Names.checkIdentifier(table).ifPresent(p -> node.problem("table", p));
    }
    String path = node.string("path");
    if (path != null) {
      Names.checkPath(path).ifPresent(p -> node.problem("path", p));
    }
    List<Column> columns = columns(node);
    List<Check> checks = checks(node);
    Map<String, TargetSpec> tables = new java.util.TreeMap<>();
    SpecNode tablesNode = node.optChild("tables");
    for (Map.Entry<String, SpecNode> e : tablesNode.namedChildrenInOrder().entrySet()) {
      SpecNode t = e.getValue();
      t.allowOnly("columns", "checks");
      if (!sources.contains(e.getKey())) {
        tablesNode.problem(
            e.getKey(),
            "no source '"
                + e.getKey()
                + "' is declared under 'sources'"
                + SpecNode.suggestion(e.getKey(), sources));
      }
      tables.put(e.getKey(), new TargetSpec(e.getKey(), "", columns(t), checks(t)));
    }
    return node.failedSince(mark)
        ? null
        : new TargetSpec(table, locations.resolve(path), columns, checks, tables, "");
  }

  private static List<Column> columns(SpecNode node) {
    List<Column> columns = new ArrayList<>();
    for (Map.Entry<String, SpecNode> e :
        node.optChild("columns").namedChildrenInOrder().entrySet()) {
      SpecNode c = e.getValue();
      c.allowOnly("type", "nullable", "length");
      Names.checkColumn(e.getKey()).ifPresent(p -> c.problem(null, p));
      String type = c.string("type");
      DataType parsed = null;
      if (type != null) {
        try {
          parsed = io.cutover.core.rules.TargetTypes.parse(type);
        } catch (Exception ex) {
          c.problem(
              "type",
              "'"
                  + type
                  + "' is not a Spark type; use e.g. bigint, string, \"varchar(50)\", date, timestamp, \"decimal(18,2)\", boolean");
        }
      }
      java.util.Optional<Integer> length =
          type == null
              ? java.util.Optional.empty()
              : io.cutover.core.rules.TargetTypes.maxLength(type);
      if (c.has("length")) {
        int given = (int) c.integer("length", 1, 1, Integer.MAX_VALUE);
        if (parsed != null && !(parsed instanceof org.apache.spark.sql.types.StringType)) {
          c.problem(
              "length",
              "'length' applies only to a string column, and '" + e.getKey() + "' is " + type);
        } else if (length.isPresent() && length.get() != given) {
          c.problem("length", "length = " + given + " contradicts type " + type);
        }
        length = java.util.Optional.of(given);
      }
      columns.add(
          new Column(e.getKey(), type, c.bool("nullable", true), length, RuleParser.originOf(c)));
    }
    return columns;
  }

  private static List<Check> checks(SpecNode node) {
    List<Check> checks = new ArrayList<>();
    for (SpecNode c : node.objects("checks")) {
      c.allowOnly("name", "expression");
      String name = c.string("name");
      if (name != null) {
        Names.checkIdentifier(name.replace('-', '_')).ifPresent(p -> c.problem("name", p));
      }
      checks.add(new Check(name, c.string("expression"), RuleParser.originOf(c)));
    }
    return checks;
  }
}
