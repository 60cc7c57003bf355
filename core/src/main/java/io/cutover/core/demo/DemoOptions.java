package io.cutover.core.demo;

/**
 * What the demo generates: {@code rows} customers (and twice as many orders) from {@code seed},
 * written under {@code outputDir}, the folder the legacy data goes into (e.g. {@code
 * cutover-work/legacy}).
 */
public record DemoOptions(long rows, long seed, String outputDir) {
  static final long MIN_ROWS = 100;

  public DemoOptions {
    if (rows < MIN_ROWS) {
      throw DemoErrors.tooFewRows(rows, MIN_ROWS);
    }
    if (outputDir == null || outputDir.isBlank()) {
      throw DemoErrors.noOutputDir();
    }
  }
}
