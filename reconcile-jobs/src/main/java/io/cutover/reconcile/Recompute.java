package io.cutover.reconcile;

import io.cutover.core.rules.RuleCompiler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Which legacy rows reconcile runs through the rules: every row of the run's cohorts, or only those
 * of the keys the hashes stage recorded do not vouch for ({@link Fingerprints}). The checks after
 * it read the same things either way: the rows to recompute, the staged rows tagged as a suspect's
 * or vouched for, and how many legacy rows are vouched for, staged or quarantined and excluded
 * again (none when every row is recomputed).
 */
final class Recompute {
  /** The boolean column {@link #tagged} adds: true for a staged row whose key is recomputed. */
  static final String SUSPECT = "_cutover_suspect";

  private final Dataset<Row> legacy;
  private final Fingerprints prints;

  private Recompute(Dataset<Row> legacy, Fingerprints prints) {
    this.legacy = legacy;
    this.prints = prints;
  }

  static Recompute everyRow(Dataset<Row> legacy) {
    return new Recompute(legacy, null);
  }

  /**
   * Compares {@code legacy} with the hashes on {@code staged}; for a child table, {@code parents}
   * names its parent's suspects, whose children are suspects too. The source is read twice (hashes,
   * then the suspects' rows): a database source is persisted so that both reads see the same rows.
   */
  static Recompute suspects(
      Dataset<Row> legacy,
      boolean database,
      Column changedSince,
      Dataset<Row> staged,
      List<String> key,
      List<String> compared,
      Optional<Dataset<Row>> rejected,
      Optional<ValueCheck> valueCheck,
      Optional<Fingerprints.Parents> parents) {
    Dataset<Row> read = database ? legacy.persist(StorageLevel.MEMORY_AND_DISK()) : legacy;
    try {
      return new Recompute(
          read,
          Fingerprints.find(
              read, changedSince, staged, key, compared, rejected, valueCheck, parents));
    } catch (RuntimeException e) {
      read.unpersist();
      throw e;
    }
  }

  /** What is recomputed, for the progress line: {@code cohorts} names the run's cohorts. */
  String describe(String cohorts) {
    return prints == null
        ? "recomputing the expected rows of " + cohorts + " from the legacy source"
        : "recomputing the expected rows of the "
            + prints.suspects()
            + " keys the hashes do not vouch for";
  }

  /**
   * The rules over the rows to recompute; {@code every} is the rules over every legacy row,
   * compiled already.
   */
  RuleCompiler.Compiled compiled(
      RuleCompiler compiler, RuleCompiler.Compiled every, List<String> key) {
    return prints == null ? every : compiler.compile(rows(key));
  }

  /** The legacy rows to recompute: the suspects' when the hashes vouch for the others, else all. */
  Dataset<Row> rows(List<String> key) {
    return prints == null ? legacy : prints.ofSuspects(legacy, key);
  }

  /** Whether the hashes vouch for some keys (otherwise every row is recomputed). */
  boolean byHashes() {
    return prints != null;
  }

  /** How many keys are recomputed when the hashes vouch for the others. */
  long suspectCount() {
    return prints == null ? 0L : prints.suspects();
  }

  /**
   * The recomputed keys' values of {@code column} (the source's key column), one each, for a child
   * table's reconcile to find the children of; not cached (the caller persists what it keeps).
   */
  Dataset<Row> suspectValues(String column) {
    if (prints == null) {
      throw new IllegalStateException("every row is recomputed: there are no suspects to name");
    }
    Dataset<Row> keys = prints.suspectKeys();
    return keys.select(keys.col(io.cutover.core.rules.Sql.column(column))).distinct();
  }

  /** {@code staged} with {@link #SUSPECT}. */
  Dataset<Row> tagged(Dataset<Row> staged, List<String> key) {
    return prints == null
        ? staged.withColumn(SUSPECT, functions.lit(true))
        : prints.tagged(staged, key, SUSPECT);
  }

  /** Staged rows of {@code cohort} the hashes vouch for, of its {@code stagedRows}. */
  long vouchedIn(String cohort, long stagedRows) {
    return prints == null ? 0L : prints.vouchedIn(cohort, stagedRows);
  }

  /**
   * Legacy rows of {@code cohort} the hashes vouch for as quarantined or excluded again (none when
   * every row is recomputed).
   */
  long rejectedIn(String cohort) {
    return prints == null ? 0L : prints.rejectedIn(cohort);
  }

  /** Keys staged more than once, per cohort, when the hashes' grouping counted them. */
  Optional<DuplicateKeys> duplicates() {
    return prints == null ? Optional.empty() : Optional.of(prints.duplicates());
  }

  /**
   * The value check's outcomes when the hashes' grouping by key judged its pairs already (empty
   * when every row is recomputed: the value check joins the rows itself).
   */
  Optional<Map<String, CheckOutcome>> values(List<String> cohorts) {
    return prints == null ? Optional.empty() : prints.values().map(v -> v.outcomes(cohorts));
  }

  void release() {
    if (prints != null) {
      prints.release();
    }
    legacy.unpersist();
  }
}
