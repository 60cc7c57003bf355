package io.cutover.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench/run} measures: {@code benchmark} (audit, stage or reconcile) on {@code rows}
 * customers, each workload {@code repeats} times (the slow ones {@code slowRepeats} times), after a
 * warm-up on {@code warmupRows} rows; data, specs and tables live under {@code work}; {@code conf}
 * is handed to the Spark session.
 */
record BenchOptions(
    String benchmark,
    long rows,
    int repeats,
    int slowRepeats,
    long warmupRows,
    long seed,
    Path work,
    Map<String, String> conf) {
  static final List<String> BENCHMARKS = List.of("audit", "stage", "reconcile");
  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: bench/run audit|stage|reconcile [--rows N] [--repeats R] [--slow-repeats P] [--warmup-rows W] [--seed S] [--work DIR] [--conf k=v ...]",
          "  audit                 (a) scan floor, (b) plain SQL profile, (c) Deequ's ColumnProfilerRunner (slow), (d) the audit",
          "  stage                 (p) plain partitioned Delta overwrite, (s) stage of all cohorts; (p1), (s1) the same for one cohort",
          "  reconcile             (a) keyed hash diff, (b) exceptAll both ways (slow), (c) reconcile of every cohort in one run, (d) of one",
          "  --rows N              customers to generate (default 5000000; at least 100)",
          "  --repeats R           measured runs of each workload; the median counts (default 3)",
          "  --slow-repeats P      measured runs of the slow workloads (default 1; --profiler-repeats is the same)",
          "  --warmup-rows W       rows of the warm-up dataset every workload runs on once first (default 200000)",
          "  --seed S              the demo generator's seed (default 42)",
          "  --work DIR            where generated data, specs and tables go; kept and reused (default /tmp/cutover-bench)",
          "  --conf k=v            a Spark setting for the session every workload runs on (repeatable)");

  BenchOptions {
    if (!BENCHMARKS.contains(benchmark)) {
      throw new IllegalArgumentException(
          "the benchmarks are " + String.join(", ", BENCHMARKS) + ", got '" + benchmark + "'");
    }
    if (rows < 100) {
      throw new IllegalArgumentException("--rows must be at least 100, got " + rows);
    }
    if (repeats < 1 || slowRepeats < 0) {
      throw new IllegalArgumentException(
          "--repeats must be at least 1 and --slow-repeats at least 0, got "
              + repeats
              + " and "
              + slowRepeats);
    }
    conf = Map.copyOf(conf);
    if (warmupRows < 100) {
      throw new IllegalArgumentException("--warmup-rows must be at least 100, got " + warmupRows);
    }
  }

  static BenchOptions parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("name a benchmark: " + String.join(", ", BENCHMARKS));
    }
    long rows = 5_000_000;
    int repeats = 3;
    int slowRepeats = 1;
    long warmupRows = 200_000;
    long seed = 42;
    Path work = Path.of("/tmp/cutover-bench");
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--rows" -> rows = number(flag, value);
        case "--repeats" -> repeats = (int) number(flag, value);
        case "--slow-repeats", "--profiler-repeats" -> slowRepeats = (int) number(flag, value);
        case "--warmup-rows" -> warmupRows = number(flag, value);
        case "--seed" -> seed = number(flag, value);
        case "--work" -> work = Path.of(value);
        case "--conf" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--conf takes key=value, got '" + value + "'");
          }
          conf.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }
    return new BenchOptions(
        args[0],
        rows,
        repeats,
        slowRepeats,
        Math.min(warmupRows, rows),
        seed,
        work.toAbsolutePath().normalize(),
        conf);
  }

  private static long number(String flag, String value) {
    try {
      return Long.parseLong(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, got '" + value + "'");
    }
  }
}
