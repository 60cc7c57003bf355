package io.cutover.bench;

import io.cutover.core.run.Progress;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Progress} that remembers when each stage began, so a run can be split into its stages
 * afterwards.
 */
final class StageClock implements Progress {
  record Stage(String description, double seconds) {}

  private final List<String> descriptions = new ArrayList<>();
  private final List<Long> starts = new ArrayList<>();

  @Override
  public synchronized void stage(String description) {
    descriptions.add(description);
    starts.add(System.nanoTime());
  }

  synchronized void reset() {
    descriptions.clear();
    starts.clear();
  }

  /** Each stage lasts until the next begins; the last until {@code endNanos}. */
  synchronized List<Stage> stages(long startNanos, long endNanos) {
    List<Stage> out = new ArrayList<>();
    if (!starts.isEmpty() && starts.get(0) > startNanos) {
      out.add(
          new Stage(
              "(before the first stage: session clone, spec)", (starts.get(0) - startNanos) / 1e9));
    }
    for (int i = 0; i < starts.size(); i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) : endNanos;
      out.add(new Stage(descriptions.get(i), (end - starts.get(i)) / 1e9));
    }
    return out;
  }
}
