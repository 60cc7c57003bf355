package io.cutover.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * How every benchmark measures: each workload once on the warm-up subject (JIT, class loading,
 * codegen caches), then {@code --repeats} rounds (slow workloads {@code --slow-repeats})
 * interleaved so that the machine's drifting load hits all of them alike. Each run is timed as wall
 * seconds and as its Spark tasks' summed CPU seconds, and printed with the load average.
 */
final class Rounds {
  private final SparkSession spark;
  private final BenchOptions options;
  private final PrintStream out;
  private final StageClock clock = new StageClock();
  private final JobTimes jobs = new JobTimes();

  Rounds(SparkSession spark, BenchOptions options, PrintStream out) {
    this.spark = spark;
    this.options = options;
    this.out = out;
    spark.sparkContext().addSparkListener(jobs);
  }

  record Timed(long startNanos, long endNanos, long checksum, List<JobTimes.Job> jobs) {
    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    double cpuSeconds() {
      return jobs.stream().mapToDouble(JobTimes.Job::cpuSeconds).sum();
    }
  }

  /** Where one measured run spent its time: by the stages it announced, and by Spark job. */
  record Breakdown(
      String id, double seconds, List<StageClock.Stage> stages, List<JobTimes.Job> jobs) {}

  /**
   * Per workload, in order: the measured wall and CPU seconds, and the breakdown of the last run of
   * each.
   */
  record Results<S>(
      Map<Measured<S>, List<Double>> seconds,
      Map<Measured<S>, List<Double>> cpu,
      Map<Measured<S>, Breakdown> breakdowns) {}

  SparkSession spark() {
    return spark;
  }

  BenchOptions options() {
    return options;
  }

  PrintStream out() {
    return out;
  }

  <S> void warmUp(List<Measured<S>> workloads, S subject, long rows) throws InterruptedException {
    out.printf("%nWarm-up, once each on %,d rows:%n", rows);
    for (Measured<S> w : workloads) {
      if (w.warmsUp()) {
        time(w, subject, "warm-up");
      }
    }
  }

  <S> Results<S> measure(List<Measured<S>> workloads, S subject) throws InterruptedException {
    Map<Measured<S>, List<Double>> seconds = new LinkedHashMap<>();
    Map<Measured<S>, List<Double>> cpu = new LinkedHashMap<>();
    Map<Measured<S>, Breakdown> breakdowns = new LinkedHashMap<>();
    int rounds = Math.max(options.repeats(), options.slowRepeats());
    for (int round = 1; round <= rounds; round++) {
      for (Measured<S> w : workloads) {
        int runs = w.slow() ? options.slowRepeats() : options.repeats();
        if (round > runs) {
          continue;
        }
        Timed t = time(w, subject, "run " + round + "/" + runs);
        double scale = w.scale(subject);
        if (scale != 1) {
          out.printf(
              "      scaled x %.1f to the whole work: %.2f s, %.2f task CPU s%n",
              scale, t.seconds() * scale, t.cpuSeconds() * scale);
        }
        seconds.computeIfAbsent(w, k -> new ArrayList<>()).add(t.seconds() * scale);
        cpu.computeIfAbsent(w, k -> new ArrayList<>()).add(t.cpuSeconds() * scale);
        breakdowns.put(
            w,
            new Breakdown(
                w.id(), t.seconds(), clock.stages(t.startNanos(), t.endNanos()), t.jobs()));
      }
    }
    return new Results<>(seconds, cpu, breakdowns);
  }

  <S> Timed time(Measured<S> w, S subject, String what) throws InterruptedException {
    // A collection now rather than in the middle of the next run.
    System.gc();
    clock.reset();
    jobs.reset();
    // Jobs that do not describe themselves are named after the workload, not after whatever ran
    // last.
    spark.sparkContext().setJobDescription("(" + w.id() + ") " + w.label());
    long start = System.nanoTime();
    long checksum = w.run(spark, subject, clock);
    long end = System.nanoTime();
    Timed t = new Timed(start, end, checksum, jobs.finished());
    out.printf(
        "  (%s) %-8s %8.2f s  %8.2f task CPU s  %3d jobs   %s: %,d   load %s%n",
        w.id(),
        what,
        t.seconds(),
        t.cpuSeconds(),
        t.jobs().size(),
        w.checksumName(),
        checksum,
        loadAverage().split(" \\(")[0]);
    out.flush();
    return t;
  }

  /** Runs an untimed preparation step and says how long it took. */
  void step(String what, Runnable step) {
    long start = System.nanoTime();
    step.run();
    out.printf("%s (%.1f s)%n", what, (System.nanoTime() - start) / 1e9);
    out.flush();
  }

  /**
   * The dataset of {@code --rows}, and the one of {@code --warmup-rows} (the same when they are
   * equal).
   */
  BenchData[] dataAndWarmUp() {
    BenchData data = data(options.rows());
    return new BenchData[] {
      data, options.warmupRows() == options.rows() ? data : data(options.warmupRows())
    };
  }

  /** The generated dataset of {@code rows}, generated now unless a previous run left it. */
  private BenchData data(long rows) {
    BenchData data = BenchData.in(options.work(), rows, options.seed());
    long start = System.nanoTime();
    boolean generated = data.prepare(spark);
    out.printf(
        "%s %,d customers (seed %d) in %s%s%n",
        generated ? "Generated" : "Reusing",
        rows,
        options.seed(),
        data.dir(),
        generated ? String.format(" (%.1f s)", (System.nanoTime() - start) / 1e9) : "");
    return data;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1, 5, 15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
