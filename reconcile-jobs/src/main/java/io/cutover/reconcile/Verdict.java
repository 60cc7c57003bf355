package io.cutover.reconcile;

/**
 * The gate: PASS lets the cohort cut over, WARN needs a look (drift: sync first), FAIL blocks it.
 */
public enum Verdict {
  PASS,
  WARN,
  FAIL;

  Verdict worst(Verdict other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
