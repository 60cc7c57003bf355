package io.cutover.reconcile;

import java.util.Map;
import java.util.function.Function;

/**
 * One check of a staged table over the cohorts of a run, in the one shape every check has: it reads
 * what it needs from the run's {@link ReconcileContext} (which owns the cached frames and the
 * results checks share, such as the keyed diff that conservation explains its gap by) and returns
 * one outcome per cohort. A check does not throw for a defect it finds: it fails the cohort with
 * the evidence.
 */
interface ReconcileCheck {
  /**
   * The check's name in reports and metrics ("rows"; another table's is prefixed: "orders.rows").
   */
  String name();

  /** An outcome for each of {@link ReconcileContext#cohorts()}, by cohort. */
  Map<String, CheckOutcome> run(ReconcileContext context);

  /** A check made of a name and a function, for an adapter over a check of another shape. */
  static ReconcileCheck of(String name, Function<ReconcileContext, Map<String, CheckOutcome>> run) {
    return new ReconcileCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, CheckOutcome> run(ReconcileContext context) {
        return run.apply(context);
      }
    };
  }
}
