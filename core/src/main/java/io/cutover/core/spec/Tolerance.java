package io.cutover.core.spec;

/**
 * How far a staged aggregate of one column (sum, min, max of a number; distinct count of text) may
 * stray from the expected one before reconciliation calls it a defect: |expected - staged| ≤
 * max(absolute, relative × |expected|). The default is exact.
 */
public record Tolerance(String column, double absolute, double relative, String origin) {
  public static Tolerance exact(String column) {
    return new Tolerance(column, 0, 0, "default");
  }

  public boolean allows(double expected, double staged) {
    return Math.abs(expected - staged) <= Math.max(absolute, relative * Math.abs(expected));
  }

  public boolean isExact() {
    return absolute == 0 && relative == 0;
  }

  static Tolerance fromNode(String column, SpecNode node) {
    node.allowOnly("absolute", "relative");
    double absolute = node.optNumber("absolute").orElse(0.0);
    if (absolute < 0) {
      node.problem("absolute", "a tolerance cannot be negative, got " + absolute);
    }
    double relative = node.fraction("relative", 0.0);
    if (!node.has("absolute") && !node.has("relative")) {
      node.problem(
          null,
          "give 'absolute' (e.g. 0.01) or 'relative' (a share between 0 and 1, e.g. 0.001) or both");
    }
    return new Tolerance(column, absolute, relative, RuleParser.originOf(node));
  }
}
