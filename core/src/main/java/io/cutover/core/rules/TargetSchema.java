package io.cutover.core.rules;

import io.cutover.core.spec.TargetSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * The staged table's declared schema, applied after the rules: the columns must be exactly the
 * declared ones (numbers widen, nothing else converts silently); rows breaking NOT NULL or a CHECK
 * are quarantined here, so the Delta constraints never reject a write.
 */
final class TargetSchema {
  private TargetSchema() {}

  static List<String> apply(Frame f, TargetSpec target) {
    List<String> produced = f.userColumns();
    if (!target.declaresSchema()) {
      return produced;
    }
    Set<String> declared = new LinkedHashSet<>();
    target.columns().forEach(c -> declared.add(c.name()));
    List<String> extra = produced.stream().filter(c -> !declared.contains(c)).toList();
    List<String> missing = declared.stream().filter(c -> !produced.contains(c)).toList();
    if (!extra.isEmpty() || !missing.isEmpty()) {
      // Located at the declared columns (the first one's line), where the list is to be fixed.
      throw io.cutover.core.run.CutoverException.badInput(
          target.columns().get(0).origin()
              + ": target columns of '"
              + target.table()
              + "': the rules produce columns "
              + produced
              + " but target.columns declares "
              + declared
              + (missing.isEmpty() ? "" : "; missing: " + missing + " (derive or rename them)")
              + (extra.isEmpty()
                  ? ""
                  : "; not declared: " + extra + " (drop them with a drop rule, or declare them)"));
    }
    for (TargetSpec.Column c : target.columns()) {
      DataType want = TargetTypes.parse(c.type());
      DataType have = f.typeOf(c.name());
      if (!have.sameType(want)) {
        if (have instanceof NumericType && want instanceof NumericType) {
          f.set(c.name(), f.col(c.name()).cast(want));
        } else {
          throw f.fail(
              "column '"
                  + c.name()
                  + "' is "
                  + have.simpleString()
                  + " after the rules but target.columns declares "
                  + want.simpleString()
                  + " ("
                  + c.origin()
                  + "): add a cast rule");
        }
      }
      if (c.length().isPresent()) {
        // Cut text would stage silently changed: a longer value is quarantined (a cast with
        // truncate = true cuts it first, counted).
        Column length = functions.length(f.col(c.name()));
        f.reject(
            length.gt(c.length().get()),
            StageColumns.QUARANTINE,
            functions.concat(
                functions.lit(c.name() + ": "),
                length.cast("string"),
                functions.lit(" characters, the target column holds " + c.length().get())));
      }
      if (!c.nullable()) {
        f.reject(
            f.col(c.name()).isNull(),
            StageColumns.QUARANTINE,
            functions.lit(c.name() + ": null in a NOT NULL target column"));
      }
    }
    for (TargetSpec.Check check : target.checks()) {
      Column ok = f.expr(check.expression());
      f.reject(
          functions.not(functions.coalesce(ok, functions.lit(false))),
          StageColumns.QUARANTINE,
          functions.lit("fails target check " + check.name()));
    }
    return new ArrayList<>(declared);
  }

  /**
   * The staged table's schema: declared columns with their nullability, then cohort, actions and
   * the two hashes (nullable: rows written before Cutover recorded them have none, and reconcile
   * recomputes those).
   */
  static StructType tableSchema(StructType frame, TargetSpec target, List<String> columns) {
    StructType out = new StructType();
    for (String name : columns) {
      boolean nullable =
          target.columns().stream()
              .filter(c -> c.name().equals(name))
              .findFirst()
              .map(TargetSpec.Column::nullable)
              .orElse(true);
      out = out.add(name, frame.apply(name).dataType(), nullable);
    }
    return out.add(StageColumns.COHORT, org.apache.spark.sql.types.DataTypes.StringType, false)
        .add(
            StageColumns.ACTIONS,
            org.apache.spark.sql.types.DataTypes.createArrayType(
                org.apache.spark.sql.types.DataTypes.StringType),
            true)
        .add(StageColumns.SOURCE_HASH, org.apache.spark.sql.types.DataTypes.LongType, true)
        .add(StageColumns.ROW_HASH, org.apache.spark.sql.types.DataTypes.LongType, true);
  }
}
