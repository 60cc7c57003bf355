package io.cutover.reconcile;

import java.util.Map;
import org.apache.spark.sql.functions;

/**
 * The keyed row-level diff ({@link KeyedDiff}) of the expected rows against the staged rows the
 * hashes do not vouch for: missing, extra, duplicated and changed rows with their keys. Computed
 * once per context: conservation explains its gap by the same findings.
 */
final class RowsCheck implements ReconcileCheck {
  static final String NAME = "rows";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    return outcomes(context);
  }

  static Map<String, CheckOutcome> outcomes(ReconcileContext context) {
    return context.once(
        NAME,
        () ->
            new KeyedDiff(context.key(), context.compared(), context.source())
                .check(
                    context.expected(),
                    context
                        .tagged()
                        .filter(functions.col(Recompute.SUSPECT))
                        .drop(Recompute.SUSPECT),
                    IntegrityCheck.duplicates(context),
                    context.cohorts(),
                    context.vouched()));
  }
}
