package io.cutover.audit;

/** A metric that moved by more than the spec's drift-share since the previous audit run. */
public record MetricShift(
    String dataset,
    String column,
    String metric,
    double previous,
    double current,
    String previousRunId) {

  public double relativeChange() {
    return previous == 0
        ? (current == 0 ? 0 : Double.POSITIVE_INFINITY)
        : (current - previous) / Math.abs(previous);
  }
}
