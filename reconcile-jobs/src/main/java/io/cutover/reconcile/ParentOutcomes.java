package io.cutover.reconcile;

import io.cutover.core.rules.ParentOutcome;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.Sql;
import io.cutover.core.spec.Reference;
import io.cutover.core.spec.RuleSpec;
import io.cutover.core.spec.SourceSpec;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/**
 * What a child table's reconcile reads of its parent's (an order's of its customers'): the outcome
 * of each parent key, which the expected child rows follow ({@link ParentOutcome}). Without the
 * hashes, every parent row of the run's cohorts goes through the parent's rules. With them, the
 * parent's suspects (the keys its hashes did not vouch for) make their children suspects too, and
 * only the parent rows that the child's suspects reference go through the parent's rules: a vouched
 * parent's outcome is the one it had at staging, which the child's vouched rows already follow.
 *
 * <p>Cost, with the hashes: the parent's suspect keys, cached (a few per thousand rows); one more
 * scan of the parent's legacy source, joined with the referenced keys, and the parent's rules over
 * the rows that remain.
 */
final class ParentOutcomes {
  private static final String VALUE = "_cutover_referenced";

  private final SourceSpec source;
  private final List<RuleSpec> rules;
  private final RuleCompiler compiler;
  private final Dataset<Row> legacy;
  private final RuleCompiler.Compiled every;
  private final Optional<Dataset<Row>> suspects;
  private final long suspectCount;

  /**
   * {@code legacy}: the parent's legacy rows of the run's cohorts; {@code every}: the parent's
   * rules over all of them, planned; {@code suspects}: the parent's suspect keys (one column,
   * distinct, cached, {@code suspectCount} of them) when its hashes vouched for the others and it
   * is the cohort source.
   */
  ParentOutcomes(
      SourceSpec source,
      List<RuleSpec> rules,
      RuleCompiler compiler,
      Dataset<Row> legacy,
      RuleCompiler.Compiled every,
      Optional<Dataset<Row>> suspects,
      long suspectCount) {
    this.source = source;
    this.rules = List.copyOf(rules);
    this.compiler = compiler;
    this.legacy = legacy;
    this.every = every;
    this.suspects = suspects;
    this.suspectCount = suspectCount;
  }

  /** {@code child} with every parent row's outcome ({@link ParentOutcome#withParent}). */
  Dataset<Row> withEveryOutcome(Dataset<Row> child, Reference ref) {
    return ParentOutcome.withParent(child, ref, every.rows());
  }

  /**
   * Whether the parent's suspects can stand for every parent whose outcome may have changed, for a
   * child referencing it by {@code ref}: the parent's hashes vouched for its other keys, {@code
   * ref} points at its one key column, and no rule of the parent changes that column's values or
   * type (so the legacy key picks exactly the rows the child's reference joins after the rules).
   */
  boolean vouchFor(Reference ref) {
    return suspects.isPresent()
        && source.key().equals(List.of(ref.toColumn()))
        && rules.stream().noneMatch(r -> r.mayChange(ref.toColumn()))
        && keyType(ref).equals(every.rows().schema().apply(ref.toColumn()).dataType());
  }

  /** The parent's suspects for the child's rows {@code child} ({@link Fingerprints.Parents}). */
  Fingerprints.Parents suspectsOf(Dataset<Row> child, Reference ref) {
    return new Fingerprints.Parents(reference(child, ref), suspects.orElseThrow(), suspectCount);
  }

  /**
   * {@code child} (the child's suspect rows) with their parents' outcomes, from the parent's rules
   * over only the parent rows they reference: those of a suspect parent and those of a vouched
   * parent whose child changed. {@code few}: whether the referenced keys go to every task.
   */
  Dataset<Row> withReferencedOutcome(Dataset<Row> child, Reference ref, boolean few) {
    Dataset<Row> values = child.select(reference(child, ref).as(VALUE)).distinct();
    if (few) {
      values = functions.broadcast(values);
    }
    Dataset<Row> referenced =
        legacy.join(
            values, legacy.col(Sql.column(ref.toColumn())).equalTo(values.col(VALUE)), "left_semi");
    return ParentOutcome.withParent(child, ref, compiler.compile(referenced).rows());
  }

  void release() {
    suspects.ifPresent(Dataset::unpersist);
  }

  /** The child's reference read as the parent's legacy key, as stage hashes it into a cohort. */
  private Column reference(Dataset<Row> child, Reference ref) {
    return child.col(Sql.column(ref.column())).cast(keyType(ref));
  }

  private DataType keyType(Reference ref) {
    return legacy.schema().apply(ref.toColumn()).dataType();
  }
}
