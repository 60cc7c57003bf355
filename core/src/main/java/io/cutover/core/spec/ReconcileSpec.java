package io.cutover.core.spec;

/**
 * Reconcile settings: rows changed in the legacy source after staging are drift, not defects; a cohort whose
 * drifted share of rows exceeds {@code driftThreshold} is WARN ("needs sync") rather than PASS.
 */
public record ReconcileSpec(double driftThreshold) {

    static ReconcileSpec fromNode(SpecNode node) {
        node.allowOnly("drift-threshold");
        return new ReconcileSpec(node.fraction("drift-threshold", 0.0));
    }
}
