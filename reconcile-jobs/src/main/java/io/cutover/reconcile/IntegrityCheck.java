package io.cutover.reconcile;

import io.cutover.core.deequ.DeequVerification;
import java.util.Map;

/**
 * Target integrity with Deequ over the staged rows checked ({@link TargetIntegrity}): key complete
 * and unique, NOT NULL columns complete, the spec's checks. Its pass over every cohort of the run,
 * and the duplicated keys that place a failed uniqueness in its cohorts, are shared with the rows
 * check through the context.
 */
final class IntegrityCheck implements ReconcileCheck {
  static final String NAME = "integrity";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    return integrity(context)
        .perCohort(overAll(context), context.actual(), context.cohorts(), duplicates(context));
  }

  private static TargetIntegrity integrity(ReconcileContext context) {
    return new TargetIntegrity(context.target(), context.key());
  }

  /** Deequ's constraints over every cohort's rows at once: one pass, run once per context. */
  static DeequVerification.Result overAll(ReconcileContext context) {
    return context.once("integrity.over-all", () -> integrity(context).overAll(context.actual()));
  }

  /**
   * Keys staged more than once, per cohort (examples masked for a personal key): none when Deequ
   * found the key unique, else from the hashes' grouping by key when it ran, else one grouping of
   * the staged keys.
   */
  static DuplicateKeys duplicates(ReconcileContext context) {
    return context.once(
        "duplicates",
        () ->
            (integrity(context).keyUnique(overAll(context))
                    ? DuplicateKeys.NONE
                    : context
                        .hashedDuplicates()
                        .orElseGet(
                            () ->
                                new KeyedDiff(context.key(), context.compared(), context.source())
                                    .duplicates(context.actual())))
                .masked(context.source().hasPersonalKey()));
  }
}
