package io.cutover.cli;

import io.cutover.core.run.CutoverException;
import io.cutover.core.source.UnreadableSourceException;
import io.cutover.core.spark.CodeGeneration;
import io.cutover.core.spark.SessionSettings;
import io.cutover.core.spark.SparkSessions;
import io.cutover.core.spec.MigrationSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the command's one Spark session, runs the job with it, and always stops it. Embedded in a
 * JVM that already has a session (a notebook, the in-process tests), the command runs on that one
 * and leaves it running.
 */
final class SparkRun {
  /** The demo's spec, which 'cutover demo' generates the data of. */
  private static final String DEMO_NAME = "customers-demo";

  /**
   * For commands that read no legacy rows (status, rollback, validate's schema-only open): Spark's
   * own settings, and no connection to a database that may be down only to size it.
   */
  static final ToLongFunction<SparkSession> NO_LEGACY_INPUT = spark -> CodeGeneration.UNKNOWN;

  private SparkRun() {}

  static <T> T with(
      String command, MigrationSpec spec, SparkOptions options, Function<SparkSession, T> job) {
    return with(
        command,
        spec,
        options,
        spark -> CodeGeneration.inputBytes(spark, spec.sources().values()),
        job);
  }

  /**
   * As {@link #with(String, MigrationSpec, SparkOptions, Function)}, with the size of the input the
   * command will read, which decides whether its queries are compiled ({@link CodeGeneration}).
   */
  static <T> T with(
      String command,
      MigrationSpec spec,
      SparkOptions options,
      ToLongFunction<SparkSession> inputBytes,
      Function<SparkSession, T> job) {
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined()) {
      return run(spec, running.get(), job);
    }
    // Spark makes its (unused) catalog warehouse in the starting directory unless told otherwise:
    // keep it under the work dir, beside everything else the command writes.
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(
        "spark.sql.warehouse.dir",
        Path.of(spec.workDir(), "spark-warehouse").toAbsolutePath().toUri().toString());
    conf.putAll(spec.sparkConf());
    SessionSettings settings =
        SessionSettings.of(command + " " + spec.name(), options.master(), conf, options.conf);
    SparkSession spark = SparkSessions.create(settings);
    try {
      CodeGeneration.forInput(inputBytes.applyAsLong(spark)).applyTo(spark);
      return run(spec, spark, job);
    } finally {
      spark.stop();
    }
  }

  private static <T> T run(MigrationSpec spec, SparkSession spark, Function<SparkSession, T> job) {
    try {
      return job.apply(spark);
    } catch (UnreadableSourceException e) {
      if (!isDemo(spec)) {
        throw e;
      }
      throw new CutoverException(
          CutoverException.Kind.RUNTIME,
          e.getMessage() + " This is the demo's spec: 'cutover demo' generates its data.",
          e);
    }
  }

  /**
   * Only the demo's own spec gets the hint to run the demo; any other spec's sources are the
   * user's.
   */
  static boolean isDemo(MigrationSpec spec) {
    return spec.name().equals(DEMO_NAME)
        || Path.of(spec.file())
            .toAbsolutePath()
            .normalize()
            .endsWith(Path.of("rules", "customers.conf"));
  }
}
