package io.cutover.bench;

import io.cutover.core.run.Progress;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.SparkSession;

/**
 * One thing a benchmark times on a subject of type {@code S}, from opening its input to the result
 * on the driver. Its body returns a number read from its result (rows, findings, differences) so
 * that a run that did nothing would show; {@code checksumName} says what that number counts.
 *
 * @param slow runs {@code --slow-repeats} times instead of {@code --repeats}
 * @param warmsUp false when another workload already warms the same code, so a slow one need not
 *     run on the warm-up data
 * @param scaling what a measured run's times are multiplied by: above 1 when the run did a sample
 *     of the work it stands for
 */
record Measured<S>(
    String id,
    String label,
    String checksumName,
    boolean slow,
    boolean warmsUp,
    ToDoubleFunction<S> scaling,
    Body<S> body) {

  @FunctionalInterface
  interface Body<S> {
    long run(SparkSession spark, S subject, Progress progress);
  }

  static <S> Measured<S> of(String id, String label, String checksumName, Body<S> body) {
    return new Measured<>(id, label, checksumName, false, true, subject -> 1, body);
  }

  Measured<S> slowly() {
    return new Measured<>(id, label, checksumName, true, warmsUp, scaling, body);
  }

  Measured<S> withoutWarmUp() {
    return new Measured<>(id, label, checksumName, slow, false, scaling, body);
  }

  Measured<S> scaledBy(ToDoubleFunction<S> scale) {
    return new Measured<>(id, label, checksumName, slow, warmsUp, scale, body);
  }

  long run(SparkSession spark, S subject, Progress progress) {
    return body.run(spark, subject, progress);
  }

  double scale(S subject) {
    return scaling.applyAsDouble(subject);
  }
}
