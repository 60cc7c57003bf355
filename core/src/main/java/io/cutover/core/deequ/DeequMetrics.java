package io.cutover.core.deequ;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one Deequ run computed, by the keys {@link DeequAnalysis} handed out. A metric Deequ could
 * not compute sits in {@code failures} with its message instead of stopping the others.
 */
public record DeequMetrics(
    Map<String, Double> values,
    Map<String, Map<String, Long>> distributions,
    Map<String, String> failures) {

  public DeequMetrics {
    values = Map.copyOf(values);
    distributions = Map.copyOf(distributions);
    failures = Map.copyOf(failures);
  }

  public Optional<Double> value(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** A fraction turned back into a row count; exact for any realistic row count. */
  public long count(String fractionKey, long rows) {
    return Math.round(values.getOrDefault(fractionKey, 0.0) * rows);
  }

  public Map<String, Long> distribution(String key) {
    return distributions.getOrDefault(key, Map.of());
  }

  /** These metrics and another run's, whose keys must differ from these. */
  public DeequMetrics plus(DeequMetrics other) {
    Map<String, Double> v = new HashMap<>(values);
    v.putAll(other.values);
    Map<String, Map<String, Long>> d = new HashMap<>(distributions);
    d.putAll(other.distributions);
    Map<String, String> f = new HashMap<>(failures);
    f.putAll(other.failures);
    return new DeequMetrics(v, d, f);
  }
}
