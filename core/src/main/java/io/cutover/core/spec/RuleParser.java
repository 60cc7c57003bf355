package io.cutover.core.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataType;

/**
 * Reads one rule from the spec, chosen by its {@code type}; every rule family is registered here,
 * once. SQL expressions and Spark types are parsed now (no Spark session needed) so that a typo
 * fails at load with its file and line; column names are checked later against the source's schema.
 */
final class RuleParser {
  static final Set<String> CHECKS =
      Set.of("email", "phone", "not-null", "parseable", "in-bounds", "date-in-range", "reference");

  private static final Map<String, BiFunction<SpecNode, String, RuleSpec>> TYPES =
      Map.ofEntries(
          Map.entry(
              "select",
              (n, o) -> new RuleSpec.Select(n.optString("name").orElse("select"), o, columns(n))),
          Map.entry("drop", RuleParser::drop),
          Map.entry("rename", RuleParser::rename),
          Map.entry("cast", RuleParser::cast),
          Map.entry("trim", (n, o) -> new RuleSpec.Trim(name(n, "trim"), o, columns(n))),
          Map.entry("case", RuleParser::changeCase),
          Map.entry("map", RuleParser::mapValues),
          Map.entry(
              "default",
              (n, o) -> new RuleSpec.Default(name(n, "default"), o, column(n), n.string("value"))),
          Map.entry(
              "derive",
              (n, o) ->
                  new RuleSpec.Derive(
                      name(n, "derive"), o, column(n), expression(n, "expression"))),
          Map.entry(
              "repair-mojibake",
              (n, o) -> new RuleSpec.RepairMojibake(name(n, "repair-mojibake"), o, columns(n))),
          Map.entry(
              "strip-control-characters",
              (n, o) ->
                  new RuleSpec.StripControlCharacters(
                      name(n, "strip-control-characters"), o, columns(n))),
          Map.entry(
              "normalize-email",
              (n, o) ->
                  new RuleSpec.NormalizeEmail(name(n, "normalize-email"), o, column(n), onFail(n))),
          Map.entry("normalize-phone", RuleParser::normalizePhone),
          Map.entry("validate", RuleParser::validate),
          Map.entry(
              "exclude",
              (n, o) ->
                  new RuleSpec.Exclude(
                      name(n, "exclude"), o, expression(n, "expression"), n.string("reason"))),
          Map.entry("deduplicate", RuleParser::deduplicate),
          Map.entry(
              "flag",
              (n, o) ->
                  new RuleSpec.Flag(
                      name(n, "flag"), o, expression(n, "expression"), n.string("action"))));

  private static final Map<String, Set<String>> KEYS =
      Map.ofEntries(
          Map.entry("select", Set.of("columns")),
          Map.entry("drop", Set.of("column", "columns", "reason")),
          Map.entry("rename", Set.of("from", "to")),
          Map.entry(
              "cast",
              Set.of(
                  "column",
                  "to",
                  "formats",
                  "grouping-separator",
                  "decimal-separator",
                  "separators",
                  "locale",
                  "rounding",
                  "pivot-year",
                  "prefer",
                  "truncate",
                  "on-fail")),
          Map.entry("trim", Set.of("column", "columns")),
          Map.entry("case", Set.of("column", "columns", "to")),
          Map.entry("map", Set.of("column", "values", "unmapped")),
          Map.entry("default", Set.of("column", "value")),
          Map.entry("derive", Set.of("column", "expression")),
          Map.entry("repair-mojibake", Set.of("column", "columns")),
          Map.entry("strip-control-characters", Set.of("column", "columns")),
          Map.entry("normalize-email", Set.of("column", "on-fail")),
          Map.entry(
              "normalize-phone",
              Set.of(
                  "column",
                  "default-region",
                  "region-column",
                  "on-country-mismatch",
                  "on-ambiguous",
                  "on-fail")),
          Map.entry("validate", Set.of("column", "check", "expression", "reason", "on-fail", "to")),
          Map.entry("exclude", Set.of("expression", "reason")),
          Map.entry("deduplicate", Set.of("key", "keep", "order-by")),
          Map.entry("flag", Set.of("expression", "action")));

  private RuleParser() {}

  /** The rule, or null after recording its problems. */
  static RuleSpec parse(SpecNode node) {
    int mark = node.mark();
    String type = node.choice("type", TYPES.keySet());
    if (type == null) {
      return null;
    }
    java.util.Set<String> allowed = new java.util.HashSet<>(KEYS.get(type));
    allowed.add("type");
    allowed.add("name");
    node.allowOnly(allowed.toArray(String[]::new));
    String origin = originOf(node);
    RuleSpec rule = TYPES.get(type).apply(node, origin);
    return node.failedSince(mark) ? null : rule;
  }

  static String originOf(SpecNode node) {
    String file =
        node.origin().filename() == null
            ? node.problems().file()
            : java.nio.file.Path.of(node.origin().filename()).getFileName().toString();
    return file + ":" + Math.max(node.origin().lineNumber(), 0);
  }

  private static String name(SpecNode n, String type) {
    Optional<String> given = n.optString("name");
    if (given.isPresent()) {
      Names.checkIdentifier(given.get().replace('-', '_')).ifPresent(p -> n.problem("name", p));
      return given.get();
    }
    List<String> cols =
        n.has("column")
            ? List.of(String.valueOf(n.optString("column").orElse("")))
            : n.strings("columns");
    return cols.isEmpty() ? type : type + ":" + String.join(",", cols);
  }

  private static String column(SpecNode n) {
    String c = n.string("column");
    if (c != null) {
      Names.checkColumn(c).ifPresent(p -> n.problem("column", p));
    }
    return c;
  }

  private static List<String> columns(SpecNode n) {
    List<String> cols =
        n.has("column")
            ? Optional.ofNullable(column(n)).map(List::of).orElse(List.of())
            : n.strings("columns");
    if (cols.isEmpty() && !n.has("column")) {
      n.problem("columns", "missing 'column' or 'columns': say which columns the rule applies to");
    }
    cols.forEach(c -> Names.checkColumn(c).ifPresent(p -> n.problem("columns", p)));
    return cols;
  }

  private static String expression(SpecNode n, String key) {
    String sql = n.string(key);
    if (sql == null) {
      return null;
    }
    try {
      CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) {
      n.problem(key, "not a valid Spark SQL expression: " + firstLine(e.getMessage()));
    }
    return sql;
  }

  private static RuleSpec.OnFail onFail(SpecNode n) {
    // Unquoted, `on-fail = null` is HOCON's null: without this it would silently mean the default,
    // quarantine.
    String v =
        n.isNull("on-fail") ? "null" : n.string("on-fail", "quarantine").toLowerCase(Locale.ROOT);
    return switch (v) {
      case "quarantine" -> RuleSpec.OnFail.QUARANTINE;
      case "null" -> RuleSpec.OnFail.NULL;
      case "keep" -> RuleSpec.OnFail.KEEP;
      default -> {
        n.problem("on-fail", "'" + v + "' is not one of [quarantine, null, keep]");
        yield RuleSpec.OnFail.QUARANTINE;
      }
    };
  }

  private static RuleSpec drop(SpecNode n, String origin) {
    return new RuleSpec.Drop(
        name(n, "drop"), origin, columns(n), n.string("reason", "not migrated"));
  }

  private static RuleSpec rename(SpecNode n, String origin) {
    String from = n.string("from");
    String to = n.string("to");
    if (to != null) {
      Names.checkColumn(to).ifPresent(p -> n.problem("to", p));
    }
    return new RuleSpec.Rename(n.optString("name").orElse("rename:" + from), origin, from, to);
  }

  private static RuleSpec cast(SpecNode n, String origin) {
    String column = column(n);
    String to = n.string("to");
    DataType type = null;
    if (to != null) {
      try {
        type = io.cutover.core.rules.TargetTypes.parse(to);
      } catch (Exception e) {
        n.problem(
            "to",
            "'"
                + to
                + "' is not a Spark type; use e.g. date, timestamp, int, bigint, double, \"decimal(18,2)\", boolean, string, \"varchar(50)\"");
      }
    }
    boolean numeric = type instanceof org.apache.spark.sql.types.NumericType;
    boolean temporal =
        type instanceof org.apache.spark.sql.types.DateType
            || type instanceof org.apache.spark.sql.types.TimestampType;
    List<String> formats = n.strings("formats");
    for (String f : formats) {
      io.cutover.core.rules.DatePatterns.check(f).ifPresent(p -> n.problem("formats", p));
    }
    RuleSpec.Numbers numbers = CastOptions.numbers(n);
    RuleSpec.Dates dates = CastOptions.dates(n);
    boolean truncate = n.bool("truncate", false);
    if (type != null) {
      CastOptions.onlyFor(
          n,
          numeric,
          "a numeric type such as \"decimal(18,2)\" or bigint",
          "separators",
          "locale",
          "grouping-separator",
          "decimal-separator",
          "rounding");
      CastOptions.onlyFor(n, temporal, "date or timestamp", "formats", "pivot-year", "prefer");
      CastOptions.onlyFor(
          n,
          io.cutover.core.rules.TargetTypes.maxLength(to).isPresent(),
          "a string type with a length such as \"varchar(50)\"",
          "truncate");
    }
    return new RuleSpec.Cast(
        name(n, "cast"), origin, column, to, formats, numbers, dates, truncate, onFail(n));
  }

  private static RuleSpec changeCase(SpecNode n, String origin) {
    String to = n.choice("to", Set.of("upper", "lower"));
    return new RuleSpec.ChangeCase(name(n, "case"), origin, columns(n), "upper".equals(to));
  }

  private static RuleSpec mapValues(SpecNode n, String origin) {
    Map<String, String> values = n.stringMap("values");
    if (values.isEmpty()) {
      n.problem("values", "missing 'values { legacy = new, ... }': the code table");
    }
    String unmapped =
        n.isNull("unmapped") ? "null" : n.string("unmapped", "keep").toLowerCase(Locale.ROOT);
    RuleSpec.OnFail mode =
        switch (unmapped) {
          case "keep" -> RuleSpec.OnFail.KEEP;
          case "null" -> RuleSpec.OnFail.NULL;
          case "quarantine" -> RuleSpec.OnFail.QUARANTINE;
          default -> {
            n.problem("unmapped", "'" + unmapped + "' is not one of [keep, null, quarantine]");
            yield RuleSpec.OnFail.KEEP;
          }
        };
    return new RuleSpec.MapValues(name(n, "map"), origin, column(n), values, mode);
  }

  private static RuleSpec normalizePhone(SpecNode n, String origin) {
    List<String> regions =
        n.has("default-region")
            ? n.strings("default-region").stream()
                .map(r -> r.trim().toUpperCase(Locale.ROOT))
                .toList()
            : List.of("US");
    for (String region : regions) {
      if (!io.cutover.core.rules.PhoneNumbers.isRegion(region)) {
        n.problem(
            "default-region",
            "'"
                + region
                + "' is not a region libphonenumber knows: use an ISO 3166 alpha-2 code such as FR, DE, US");
      }
    }
    if (regions.isEmpty()) {
      n.problem("default-region", "an empty list: give at least one region, e.g. [FR]");
    }
    Optional<String> regionColumn = n.optString("region-column");
    regionColumn.flatMap(Names::checkColumn).ifPresent(p -> n.problem("region-column", p));
    String mismatch =
        n.has("on-country-mismatch")
            ? n.choice("on-country-mismatch", Set.of("quarantine", "keep"))
            : "quarantine";
    if (n.has("on-country-mismatch") && regionColumn.isEmpty()) {
      n.problem(
          "on-country-mismatch",
          "needs 'region-column': without a country on the row there is nothing to disagree with");
    }
    String ambiguous =
        n.has("on-ambiguous")
            ? n.choice("on-ambiguous", Set.of("quarantine", "keep-as-given"))
            : "quarantine";
    return new RuleSpec.NormalizePhone(
        name(n, "normalize-phone"),
        origin,
        column(n),
        regions,
        regionColumn,
        "keep".equals(mismatch)
            ? RuleSpec.OnCountryMismatch.KEEP
            : RuleSpec.OnCountryMismatch.QUARANTINE,
        "keep-as-given".equals(ambiguous)
            ? RuleSpec.OnAmbiguous.KEEP_AS_GIVEN
            : RuleSpec.OnAmbiguous.QUARANTINE,
        onFail(n));
  }

  private static RuleSpec validate(SpecNode n, String origin) {
    Optional<String> column = n.optString("column");
    column.flatMap(Names::checkColumn).ifPresent(p -> n.problem("column", p));
    Optional<String> check =
        n.has("check") ? Optional.ofNullable(n.choice("check", CHECKS)) : Optional.empty();
    Optional<String> expression =
        n.has("expression") ? Optional.ofNullable(expression(n, "expression")) : Optional.empty();
    if (check.isEmpty() == expression.isEmpty() && !n.has("check")) {
      n.problem(
          null,
          "a validate rule needs either 'check' ("
              + String.join(", ", new java.util.TreeSet<>(CHECKS))
              + ") or 'expression', not both");
    }
    if (check.isPresent() && !check.get().equals("parseable") && column.isEmpty()) {
      n.problem("column", "check '" + check.get() + "' needs a 'column'");
    }
    String reason =
        n.string(
            "reason",
            check.map(c -> "fails check " + c).orElse("fails " + expression.orElse("the rule")));
    String name =
        n.optString("name")
            .orElse("validate:" + check.orElse("expression") + column.map(c -> ":" + c).orElse(""));
    return new RuleSpec.Validate(name, origin, column, check, expression, reason);
  }

  private static RuleSpec deduplicate(SpecNode n, String origin) {
    List<String> key = n.strings("key");
    if (key.isEmpty()) {
      n.problem("key", "missing 'key': the column(s) that must be unique");
    }
    String keep = n.choice("keep", Set.of("latest", "most-complete"));
    Optional<String> orderBy = n.optString("order-by");
    if ("latest".equals(keep) && orderBy.isEmpty()) {
      n.problem(
          "order-by", "keep = latest needs 'order-by': the column that says which row is newest");
    }
    return new RuleSpec.Deduplicate(
        n.optString("name").orElse("deduplicate:" + String.join(",", key)),
        origin,
        key,
        "most-complete".equals(keep) ? RuleSpec.Keep.MOST_COMPLETE : RuleSpec.Keep.LATEST,
        orderBy);
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
