package io.cutover.core.rules;

import io.cutover.core.spec.AuditSpec;
import io.cutover.core.spec.RuleSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Rules that decide a row's fate: validate (quarantine), exclude, deduplicate (merge) and flag
 * (customer action).
 */
final class RowRules {
  private final Set<String> placeholders;
  private final AuditSpec audit;
  private final LocalDate today;

  RowRules(AuditSpec audit, LocalDate today) {
    this.placeholders = audit.placeholders();
    this.audit = audit;
    this.today = today;
  }

  void apply(Frame f, RuleSpec rule) {
    if (rule instanceof RuleSpec.Validate r) {
      validate(f, r);
    } else if (rule instanceof RuleSpec.Exclude r) {
      f.reject(f.expr(r.expression()), StageColumns.EXCLUDED, functions.lit(r.reason()));
    } else if (rule instanceof RuleSpec.Flag r) {
      Column actions = f.col(StageColumns.ACTIONS);
      f.set(
          StageColumns.ACTIONS,
          functions
              .when(
                  functions.coalesce(f.expr(r.expression()), functions.lit(false)),
                  functions.array_union(actions, functions.array(functions.lit(r.action()))))
              .otherwise(actions));
    } else if (rule instanceof RuleSpec.Deduplicate r) {
      deduplicate(f, r);
    } else {
      throw new IllegalArgumentException("not a row rule: " + rule);
    }
  }

  private void validate(Frame f, RuleSpec.Validate r) {
    if (r.expression().isPresent()) {
      f.reject(
          functions.not(functions.coalesce(f.expr(r.expression().get()), functions.lit(false))),
          StageColumns.QUARANTINE,
          functions.lit(r.reason()));
      return;
    }
    String check = r.check().orElseThrow();
    if (check.equals("parseable")) {
      return; // every run already quarantines unparseable lines first
    }
    String column = r.column().orElseThrow();
    f.require(column);
    Column c = f.col(column);
    Column present = Checks.present(c, placeholders);
    Column bad =
        switch (check) {
          case "not-null" -> functions.not(present);
          case "email" -> present.and(functions.not(Checks.validEmail(c.cast("string"))));
          // Without a region only international numbers (+33 ...) can be judged; normalize-phone
          // takes a region.
          case "phone" -> present.and(Checks.e164(c, java.util.List.of("ZZ")).isNull());
          case "in-bounds" -> outOfBounds(f, column, c);
          case "date-in-range" -> dateOutOfRange(f, column, c);
          default ->
              throw f.fail(
                  "check '"
                      + check
                      + "' cannot run in stage: it needs another source; check references with the audit");
        };
    f.reject(bad, StageColumns.QUARANTINE, functions.lit(r.reason()));
  }

  private Column outOfBounds(Frame f, String column, Column c) {
    AuditSpec.Bounds b = audit.bounds().get(column);
    if (b == null) {
      throw f.fail("check 'in-bounds' needs audit.bounds." + column + " { min, max } in the spec");
    }
    Column v =
        f.typeOf(column) instanceof StringType
            ? functions.regexp_replace(c, ",", "").cast("double")
            : c.cast("double");
    Column out = functions.lit(false);
    if (b.min() != null) {
      out = out.or(v.lt(b.min()));
    }
    if (b.max() != null) {
      out = out.or(v.gt(b.max()));
    }
    return v.isNotNull().and(out);
  }

  private Column dateOutOfRange(Frame f, String column, Column c) {
    Column d;
    if (f.typeOf(column) instanceof DateType || f.typeOf(column) instanceof TimestampType) {
      d = c.cast("date");
    } else {
      d = f.expr(DatePatterns.parseSql(Sql.column(column), DatePatterns.COMMON, "to_date"));
    }
    return d.isNotNull()
        .and(
            d.lt(functions.lit("1900-01-01").cast("date"))
                .or(d.gt(functions.lit(today.toString()).cast("date"))));
  }

  /** Structs sort field by field unless a map is somewhere inside. */
  private static boolean orderable(DataType t) {
    if (t instanceof MapType) {
      return false;
    }
    if (t instanceof StructType s) {
      return java.util.Arrays.stream(s.fields()).allMatch(f -> orderable(f.dataType()));
    }
    return !(t instanceof ArrayType a) || orderable(a.elementType());
  }

  /**
   * Among rows still staging, one row per key survives; the others become "merged" with the kept
   * key named.
   */
  private void deduplicate(Frame f, RuleSpec.Deduplicate r) {
    f.require(r.key());
    r.orderBy().ifPresent(f::require);
    Column staging = f.staging();
    List<Column> partition = new ArrayList<>();
    r.key().forEach(k -> partition.add(f.col(k)));
    partition.add(staging);
    List<Column> order = new ArrayList<>();
    if (r.keep() == RuleSpec.Keep.LATEST) {
      order.add(f.col(r.orderBy().orElseThrow()).desc_nulls_last());
    } else {
      Column filled = functions.lit(0);
      for (String c : f.userColumns()) {
        filled = filled.plus(functions.when(f.col(c).isNotNull(), 1).otherwise(0));
      }
      order.add(filled.desc());
    }
    // Ties are broken by the source values, so the kept row never depends on the order rows were
    // read in.
    order.add(
        orderable(f.typeOf(StageColumns.SOURCE))
            ? f.col(StageColumns.SOURCE).asc()
            : functions.to_json(f.col(StageColumns.SOURCE)).asc());
    WindowSpec window =
        Window.partitionBy(partition.toArray(Column[]::new)).orderBy(order.toArray(Column[]::new));
    String rank = "_cutover_rank";
    f.set(rank, functions.row_number().over(window));
    Column keyText =
        functions.concat_ws(
            ", ", r.key().stream().map(k -> f.col(k).cast("string")).toArray(Column[]::new));
    f.reject(
        staging.and(f.col(rank).gt(1)),
        StageColumns.MERGED,
        functions.concat(
            functions.lit("duplicate of key ("),
            keyText,
            functions.lit(
                r.keep() == RuleSpec.Keep.LATEST ? "): latest kept" : "): most complete kept")));
    f.drop(rank);
  }
}
