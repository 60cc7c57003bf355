package io.cutover.core.rules;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.RuleSpec;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of a cohort while rules apply to them: the columns so far, plus the outcome that says
 * why a row will not stage. A row keeps the first outcome a rule gives it, so rules decide in spec
 * order.
 */
final class Frame {
  private Dataset<Row> data;
  private final RuleSpec rule;

  Frame(Dataset<Row> data, RuleSpec rule) {
    this.data = data;
    this.rule = rule;
  }

  Dataset<Row> data() {
    return data;
  }

  Column col(String name) {
    return data.col(Sql.column(name));
  }

  DataType typeOf(String name) {
    return data.schema().apply(name).dataType();
  }

  /**
   * Fails with the rule's file:line when a column it names does not exist, listing the columns that
   * do.
   */
  void require(String column) {
    if (!Arrays.asList(data.columns()).contains(column)) {
      throw fail(
          "column '"
              + column
              + "' does not exist at this point; columns are: "
              + String.join(", ", userColumns()));
    }
  }

  void require(List<String> columns) {
    columns.forEach(this::require);
  }

  List<String> userColumns() {
    return Arrays.stream(data.schema().fields())
        .map(StructField::name)
        .filter(
            n ->
                !n.startsWith("_cutover_")
                    && !n.startsWith("cutover_")
                    && !n.equals(io.cutover.core.source.SourceReader.CORRUPT_RECORD))
        .toList();
  }

  void set(String column, Column value) {
    data = analyzed(() -> data.withColumn(column, value));
  }

  void drop(String column) {
    data = data.drop(column);
  }

  void rename(String from, String to) {
    data = data.withColumnRenamed(from, to);
  }

  /**
   * Rows for which {@code condition} holds get outcome (kind, this rule, reason) unless an earlier
   * rule gave them one. Each rule's verdict is its own column, merged once at the end: chaining one
   * outcome column through every rule would nest the expression in itself and double its size per
   * rule.
   */
  void reject(Column condition, String kind, Column reason) {
    Column outcome =
        functions.struct(
            functions.lit(kind).as("kind"),
            functions.lit(rule.name()).as("rule"),
            reason.cast("string").as("reason"));
    set(
        VERDICT + verdicts().size(),
        functions.when(functions.coalesce(condition, functions.lit(false)), outcome));
  }

  /**
   * Records on the rows where {@code condition} holds that this rule changed a value lossily
   * ({@code kind}: rounded, truncated).
   */
  void lossy(Column condition, String kind) {
    Column lossy = col(StageColumns.LOSSY);
    set(
        StageColumns.LOSSY,
        functions
            .when(
                functions.coalesce(condition, functions.lit(false)),
                functions.concat(lossy, functions.array(functions.lit(kind + " " + rule.name()))))
            .otherwise(lossy));
  }

  /** True for rows no rule has rejected so far. */
  Column staging() {
    List<Column> v = verdicts();
    return v.isEmpty()
        ? functions.lit(true)
        : functions.coalesce(v.toArray(Column[]::new)).isNull();
  }

  /** Merges the rules' verdicts into the outcome column, first rule first. */
  void settle() {
    List<Column> v = verdicts();
    Column outcome =
        v.isEmpty()
            ? functions.lit(null).cast(RuleCompiler.outcomeType())
            : functions.coalesce(v.toArray(Column[]::new));
    set(StageColumns.OUTCOME, outcome);
    for (String c : data.columns()) {
      if (c.startsWith(VERDICT)) {
        drop(c);
      }
    }
  }

  private List<Column> verdicts() {
    return Arrays.stream(data.columns()).filter(c -> c.startsWith(VERDICT)).map(data::col).toList();
  }

  private static final String VERDICT = "_cutover_verdict_";

  void replace(Dataset<Row> next) {
    data = analyzed(() -> next);
  }

  /** A Spark SQL expression from the spec, with any analysis error pinned to the rule. */
  Column expr(String sql) {
    Column c = functions.expr(sql);
    analyzed(() -> data.select(c));
    return c;
  }

  CutoverException fail(String message) {
    return CutoverException.badInput(rule.origin() + ": rule '" + rule.name() + "': " + message);
  }

  private <T> T analyzed(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (Exception e) {
      if (e instanceof CutoverException c) {
        throw c;
      }
      String message = String.valueOf(e.getMessage());
      int nl = message.indexOf('\n');
      throw fail(
          (nl < 0 ? message : message.substring(0, nl))
              + "; columns are: "
              + String.join(", ", userColumns()));
    }
  }
}
