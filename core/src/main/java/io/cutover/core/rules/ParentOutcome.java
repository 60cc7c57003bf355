package io.cutover.core.rules;

import io.cutover.core.cohort.CohortAssignment;
import io.cutover.core.spec.CohortSpec;
import io.cutover.core.spec.Reference;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * A child source's rows follow their parent's (an order its customer's): the child row's cohort is
 * its parent's, and a child whose parent row is missing, quarantined, excluded or merged away is
 * quarantined with that reason ({@link RuleCompiler} applies it before the child's own rules), so
 * no child stages without its parent. A parent key merged on itself still stages once, and its
 * children follow that surviving row. Shared by stage and reconcile, so the expected child rows are
 * recomputed through this very code.
 *
 * <p>Cost: one join of the child's rows with the parent's keys per step, and for a chain longer
 * than one reference one more join with the parent's legacy keys to find each row's cohort.
 */
public final class ParentOutcome {
  /**
   * Why a row cannot stage because of its parent, null when its parent stages; {@link RuleCompiler}
   * quarantines on it.
   */
  public static final String COLUMN = "_cutover_parent";

  private static final String KEY = "_cutover_parent_key";
  private static final String COHORT = "_cutover_parent_cohort";
  private static final String STAGES = "_cutover_parent_stages";
  private static final String WHY = "_cutover_parent_why";

  private ParentOutcome() {}

  /**
   * The legacy rows of every source stage writes ({@link
   * io.cutover.core.spec.MigrationSpec#stagedSources()}), each with its cohort, parents first; all
   * cohorts, planned lazily from {@code read}.
   */
  public static java.util.Map<String, Dataset<Row>> legacyWithCohorts(
      io.cutover.core.spec.MigrationSpec spec,
      java.util.function.Function<io.cutover.core.spec.SourceSpec, Dataset<Row>> read) {
    java.util.Map<String, Dataset<Row>> out = new java.util.LinkedHashMap<>();
    for (io.cutover.core.spec.SourceSpec source : spec.stagedSources()) {
      Dataset<Row> rows = read.apply(source);
      java.util.Optional<Reference> ref = spec.parentOf(source.name());
      out.put(
          source.name(),
          ref.isEmpty()
              ? rows.withColumn(
                  StageColumns.COHORT, CohortAssignment.of(spec.cohorts(), source.key()))
              : withCohort(rows, ref.get(), out.get(ref.get().to()), spec.cohorts()));
    }
    return out;
  }

  /** The rule a parent's outcome is recorded under, e.g. "references-customers". */
  public static String ruleName(Reference ref) {
    return "references-" + ref.to();
  }

  /**
   * {@code child} with the cohort of each row: its parent's. {@code parent}: the parent's legacy
   * rows with their cohorts, all of them (a row's parent may be in any cohort). For a parent that
   * is the cohort source its cohort is the hash of the reference value, read as the parent reads
   * its key, so no join is needed; an orphan's cohort is the hash of its reference value either
   * way, so it is quarantined in exactly one cohort.
   */
  public static Dataset<Row> withCohort(
      Dataset<Row> child, Reference ref, Dataset<Row> parent, CohortSpec cohorts) {
    DataType keyType = parent.schema().apply(ref.toColumn()).dataType();
    Column value = child.col(Sql.column(ref.column())).cast(keyType);
    Column hashed = CohortAssignment.ofValues(cohorts, java.util.List.of(value));
    if (ref.to().equals(cohorts.source())) {
      return child.withColumn(StageColumns.COHORT, hashed);
    }
    Dataset<Row> keys =
        parent
            .select(
                parent.col(Sql.column(ref.toColumn())).as(KEY),
                parent.col(StageColumns.COHORT).as(COHORT))
            .dropDuplicates(KEY);
    Dataset<Row> joined = child.join(keys, value.equalTo(keys.col(KEY)), "left");
    return joined
        .withColumn(StageColumns.COHORT, functions.coalesce(joined.col(COHORT), hashed))
        .drop(KEY, COHORT);
  }

  /**
   * {@code child} (rows with their cohort) with {@link #COLUMN}: null where the parent key has a
   * row that stages, otherwise why not. {@code parentRows}: the parent's rows through its rules
   * ({@link RuleCompiler.Compiled#rows()}) over at least the child rows' cohorts.
   */
  public static Dataset<Row> withParent(
      Dataset<Row> child, Reference ref, Dataset<Row> parentRows) {
    if (!Arrays.asList(parentRows.columns()).contains(ref.toColumn())) {
      throw io.cutover.core.run.CutoverException.badInput(
          "the rules of '"
              + ref.to()
              + "' do not keep its column '"
              + ref.toColumn()
              + "', which '"
              + ref.column()
              + "' of a staged source references: keep it so its rows can follow theirs");
    }
    Column outcome = parentRows.col(StageColumns.OUTCOME);
    // A key stages if any of its rows does (the survivor of a merge); otherwise its first outcome,
    // in a fixed order.
    Dataset<Row> parents =
        parentRows
            .groupBy(parentRows.col(Sql.column(ref.toColumn())).as(KEY))
            .agg(
                functions.max(outcome.isNull()).as(STAGES),
                functions
                    .min(
                        functions.when(
                            outcome.isNotNull(),
                            functions.struct(
                                outcome.getField("kind").as("kind"),
                                outcome.getField("rule").as("rule"))))
                    .as(WHY));
    DataType keyType = parents.schema().apply(KEY).dataType();
    Column value = child.col(Sql.column(ref.column())).cast(keyType);
    Dataset<Row> joined = child.join(parents, value.equalTo(parents.col(KEY)), "left");
    Column shown = functions.coalesce(value.cast("string"), functions.lit("null"));
    String named = ref.to() + " " + ref.toColumn() + " ";
    Column why = joined.col(WHY);
    Column reason =
        functions
            .when(
                joined.col(KEY).isNull(),
                functions.concat(functions.lit("no " + named), shown, functions.lit(" (orphan)")))
            .when(
                functions.not(joined.col(STAGES)),
                functions.concat(
                    functions.lit("parent " + named),
                    shown,
                    functions.lit(" "),
                    functions
                        .when(
                            why.getField("kind").equalTo(StageColumns.MERGED),
                            functions.lit("merged away"))
                        .when(
                            why.getField("kind").equalTo(StageColumns.QUARANTINE),
                            functions.lit("quarantined"))
                        .otherwise(why.getField("kind")),
                    functions.lit(" by rule "),
                    why.getField("rule")));
    return joined.withColumn(COLUMN, reason).drop(KEY, STAGES, WHY);
  }
}
