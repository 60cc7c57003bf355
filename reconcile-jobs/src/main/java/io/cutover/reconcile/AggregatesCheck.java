package io.cutover.reconcile;

import java.util.Map;

/**
 * Aggregate parity ({@link AggregateParity}) of the expected and the staged rows: sums, minima and
 * maxima of numbers, distinct counts of categorical text, per cohort in one aggregation.
 */
final class AggregatesCheck implements ReconcileCheck {
  static final String NAME = "aggregates";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    return new AggregateParity(context.spec().reconcile())
        .check(
            context.expected(),
            context.tagged(),
            Recompute.SUSPECT,
            context.columns(),
            context.cohorts(),
            context.stagedCounts().estimates());
  }
}
