package io.cutover.bench;

import io.cutover.core.run.Progress;
import io.cutover.core.spark.SessionSettings;
import io.cutover.core.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/run audit}: how long the audit takes next to what it replaces, measured in one JVM on one local
 * session. On the demo's customers (18 columns, {@code --rows}, Parquet, generated once and reused) it times
 * (a) the scan floor, one count(col) per column; (b) a plain one-pass Spark SQL profile; (c) Deequ's
 * ColumnProfilerRunner; (d) {@link io.cutover.audit.AuditJob} with all its findings. Every workload first runs once
 * on a small dataset (JIT, class loading, codegen caches); then each runs {@code --repeats} times, interleaved so
 * the machine's load drifts over all alike, and the medians are compared as ratios: the machine is noisy, ratios
 * measured side by side are what carry over. Prints to stdout; writes only under {@code --work}.
 */
public final class AuditBench {
    static final double AUDIT_VS_SQL_MAX = 2.0;
    static final double DEEQU_VS_AUDIT_MIN = 5.0;

    private final SparkSession spark;
    private final BenchOptions options;
    private final PrintStream out;
    private final StageClock clock = new StageClock();
    private final JobTimes jobs = new JobTimes();

    AuditBench(SparkSession spark, BenchOptions options, PrintStream out) {
        this.spark = spark;
        this.options = options;
        this.out = out;
        spark.sparkContext().addSparkListener(jobs);
    }

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
        String loadAtStart = loadAverage();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.ui.enabled", "false");
        conf.putAll(options.conf());
        SparkSession spark = SparkSessions.create(new SessionSettings("bench audit", Optional.of("local[*]"), conf));
        try {
            new AuditBench(spark, options, System.out).run(loadAtStart);
        } finally {
            spark.stop();
        }
    }

    void run(String loadAtStart) throws InterruptedException {
        out.printf("Cutover audit bench: Java %s, Spark %s, %s, %d cores, heap %d MB%n", Runtime.version(), spark.version(),
                spark.sparkContext().master(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.println("load average at start: " + loadAtStart);
        if (!options.conf().isEmpty()) {
            out.println("Spark settings: " + options.conf());
        }
        BenchData data = prepare(options.rows());
        BenchData warm = options.warmupRows() == options.rows() ? data : prepare(options.warmupRows());
        Workload.Subject subject = data.subject();

        out.printf("%nWarm-up, once each on %,d rows:%n", warm.rows());
        Workload.Subject warmSubject = warm.subject();
        for (Workload w : Workload.values()) {
            time(w, warmSubject, "warm-up");
        }

        out.printf("%nMeasuring on %,d rows x %d columns (%d Parquet files, %,d MB): %d runs each, (c) %d%n", data.rows(),
                spark.read().parquet(subject.customers()).columns().length, data.files(), data.bytesOnDisk() >> 20,
                options.repeats(), options.profilerRepeats());
        Map<Workload, List<Double>> seconds = new EnumMap<>(Workload.class);
        Map<Workload, List<Double>> cpu = new EnumMap<>(Workload.class);
        Breakdown breakdown = null;
        int rounds = Math.max(options.repeats(), options.profilerRepeats());
        for (int round = 1; round <= rounds; round++) {
            for (Workload w : Workload.values()) {
                int runs = w == Workload.DEEQU_PROFILER ? options.profilerRepeats() : options.repeats();
                if (round > runs) {
                    continue;
                }
                Timed t = time(w, subject, "run " + round + "/" + runs);
                seconds.computeIfAbsent(w, k -> new ArrayList<>()).add(t.seconds());
                cpu.computeIfAbsent(w, k -> new ArrayList<>()).add(t.jobs().stream().mapToDouble(JobTimes.Job::cpuSeconds).sum());
                if (w == Workload.AUDIT) {
                    breakdown = new Breakdown(t.seconds(), clock.stages(t.startNanos(), t.endNanos()), t.jobs());
                }
            }
        }
        BenchReport report = new BenchReport(out);
        report.table(data, options, seconds, cpu);
        if (breakdown != null) {
            report.breakdown(breakdown);
        }
        out.println();
        out.println("load average at end: " + loadAverage());
    }

    record Timed(long startNanos, long endNanos, long checksum, List<JobTimes.Job> jobs) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }
    }

    /** Where the last measured audit run spent its time: by the stages it announced, and by Spark job. */
    record Breakdown(double seconds, List<StageClock.Stage> stages, List<JobTimes.Job> jobs) {
    }

    private BenchData prepare(long rows) {
        BenchData data = BenchData.in(options.work(), rows, options.seed());
        long start = System.nanoTime();
        boolean generated = data.prepare(spark);
        out.printf("%s %,d customers (seed %d) in %s%s%n", generated ? "Generated" : "Reusing", rows, options.seed(), data.dir(),
                generated ? String.format(" (%.1f s)", (System.nanoTime() - start) / 1e9) : "");
        return data;
    }

    private Timed time(Workload w, Workload.Subject subject, String what) throws InterruptedException {
        // A collection now rather than in the middle of the next run.
        System.gc();
        clock.reset();
        jobs.reset();
        Progress progress = w == Workload.AUDIT ? clock : Progress.SILENT;
        long start = System.nanoTime();
        long checksum = w.run(spark, subject, progress);
        long end = System.nanoTime();
        Timed t = new Timed(start, end, checksum, jobs.finished());
        double cpu = t.jobs().stream().mapToDouble(JobTimes.Job::cpuSeconds).sum();
        out.printf("  (%s) %-8s %8.2f s  %8.2f task CPU s  %2d jobs   %s: %,d   load %s%n", w.id, what, t.seconds(), cpu, t.jobs().size(),
                w.checksumName(), checksum, loadAverage().split(" \\(")[0]);
        out.flush();
        return t;
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
