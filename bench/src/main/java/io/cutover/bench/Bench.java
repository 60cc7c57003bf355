package io.cutover.bench;

import io.cutover.core.spark.SessionSettings;
import io.cutover.core.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/run BENCHMARK ...}: parses the options, starts one local session, runs the benchmark
 * on it.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    String loadAtStart = Rounds.loadAverage();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.ui.enabled", "false");
    conf.putAll(options.conf());
    SparkSession spark =
        SparkSessions.create(
            new SessionSettings("bench " + options.benchmark(), Optional.of("local[*]"), conf));
    try {
      System.out.printf(
          "Cutover %s bench: Java %s, Spark %s, %s, %d cores, heap %d MB%n",
          options.benchmark(),
          Runtime.version(),
          spark.version(),
          spark.sparkContext().master(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.println("load average at start: " + loadAtStart);
      if (!options.conf().isEmpty()) {
        System.out.println("Spark settings: " + options.conf());
      }
      Rounds rounds = new Rounds(spark, options, System.out);
      switch (options.benchmark()) {
        case "audit" -> AuditBench.run(rounds);
        case "stage" -> StageBench.run(rounds);
        default -> ReconcileBench.run(rounds);
      }
      System.out.println();
      System.out.println("load average at end: " + Rounds.loadAverage());
    } finally {
      spark.stop();
    }
  }
}
