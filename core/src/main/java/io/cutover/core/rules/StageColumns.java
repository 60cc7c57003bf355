package io.cutover.core.rules;

/**
 * Names of the columns Cutover adds while applying rules; the staged table keeps cohort, actions
 * and the two hashes.
 */
public final class StageColumns {
  /** The cohort id, the staged table's partition column. */
  public static final String COHORT = "cutover_cohort";

  /** Customer actions flagged by rules (e.g. password-reset), for the communication step. */
  public static final String ACTIONS = "cutover_actions";

  /**
   * The hash of the legacy row a staged row came from (see {@link RowHash#ofColumns}), recorded by
   * stage so that reconcile recomputes only the rows whose legacy row changed since.
   */
  public static final String SOURCE_HASH = "cutover_source_hash";

  /**
   * The hash of the values stage wrote into the row (every column but the key and cohort), recorded
   * with it.
   */
  public static final String ROW_HASH = "cutover_row_hash";

  /**
   * In the quarantine and exclusions tables: the hash of the legacy row, as {@link #SOURCE_HASH} on
   * staged rows.
   */
  public static final String REJECTED_SOURCE_HASH = "source_hash";

  /** Why a row does not stage: struct(kind, rule, reason), null for a row that stages. */
  public static final String OUTCOME = "_cutover_outcome";

  /**
   * The source row as JSON (or the raw line when it could not be parsed), for quarantine and
   * exclusions; null for rows that stage.
   */
  public static final String RAW = "_cutover_raw";

  /**
   * The source row's last-updated value as read, before any rule renames, casts or drops that
   * column: reconcile tells drift from defects with it. Present only when the source declares
   * {@code last-updated}.
   */
  public static final String LEGACY_UPDATED = "_cutover_legacy_updated";

  /**
   * The lossy changes rules made to a row, as "kind rule" (e.g. "rounded cast:balance"): a rule
   * that rounds or cuts only because the spec allows it says so here, and stage counts them per
   * rule. Not written to any table.
   */
  public static final String LOSSY = "_cutover_lossy";

  /**
   * The source row as read, a struct, while the rules apply (the order of last resort among
   * duplicates).
   */
  static final String SOURCE = "_cutover_source";

  public static final String QUARANTINE = "quarantine";
  public static final String EXCLUDED = "excluded";
  public static final String MERGED = "merged";

  private StageColumns() {}
}
