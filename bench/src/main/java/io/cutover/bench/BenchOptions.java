package io.cutover.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code bench/run audit} measures: {@code rows} customers, each workload {@code repeats} times (Deequ's
 * profiler, the slow one, {@code profilerRepeats} times), after a warm-up on {@code warmupRows} rows; data and
 * specs live under {@code work}; {@code conf} is handed to the Spark session.
 */
record BenchOptions(long rows, int repeats, int profilerRepeats, long warmupRows, long seed, Path work, Map<String, String> conf) {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: bench/run audit [--rows N] [--repeats R] [--profiler-repeats P] [--warmup-rows W] [--seed S] [--work DIR]",
            "  --rows N              customers to generate and profile (default 5000000; at least 100)",
            "  --repeats R           measured runs of (a) scan floor, (b) SQL profile and (d) audit; the median counts (default 3)",
            "  --profiler-repeats P  measured runs of (c) Deequ's ColumnProfilerRunner, which is slow (default 1)",
            "  --warmup-rows W       rows of the warm-up dataset every workload runs on once first (default 200000)",
            "  --seed S              the demo generator's seed (default 42)",
            "  --work DIR            where generated data, specs and reports go; kept and reused (default /tmp/cutover-bench)",
            "  --conf k=v            a Spark setting for the session every workload runs on (repeatable)");

    BenchOptions {
        if (rows < 100) {
            throw new IllegalArgumentException("--rows must be at least 100, got " + rows);
        }
        if (repeats < 1 || profilerRepeats < 0) {
            throw new IllegalArgumentException("--repeats must be at least 1 and --profiler-repeats at least 0, got " + repeats + " and " + profilerRepeats);
        }
        conf = Map.copyOf(conf);
        if (warmupRows < 100) {
            throw new IllegalArgumentException("--warmup-rows must be at least 100, got " + warmupRows);
        }
    }

    static BenchOptions parse(String[] args) {
        if (args.length == 0 || !args[0].equals("audit")) {
            throw new IllegalArgumentException("the only benchmark is 'audit'" + (args.length == 0 ? "" : ", got '" + args[0] + "'"));
        }
        long rows = 5_000_000;
        int repeats = 3;
        int profilerRepeats = 1;
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
                case "--profiler-repeats" -> profilerRepeats = (int) number(flag, value);
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
        return new BenchOptions(rows, repeats, profilerRepeats, Math.min(warmupRows, rows), seed, work.toAbsolutePath().normalize(), conf);
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got '" + value + "'");
        }
    }
}
