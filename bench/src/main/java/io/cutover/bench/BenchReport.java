package io.cutover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The bench's console output: medians, ratios against the targets, and where the audit's time went. */
final class BenchReport {
    private final PrintStream out;

    BenchReport(PrintStream out) {
        this.out = out;
    }

    void table(BenchData data, BenchOptions options, Map<Workload, List<Double>> seconds, Map<Workload, List<Double>> cpu) {
        out.printf("%nResults at %,d rows (median of %d runs; (c) of %d):%n", data.rows(), options.repeats(), options.profilerRepeats());
        out.printf("  %-50s %9s %12s   %s%n", "workload", "median s", "task CPU s", "runs s");
        for (Workload w : Workload.values()) {
            List<Double> runs = seconds.getOrDefault(w, List.of());
            String median = runs.isEmpty() ? "-" : String.format("%.2f", median(runs));
            String cpuMedian = cpu.getOrDefault(w, List.of()).isEmpty() ? "-" : String.format("%.2f", median(cpu.get(w)));
            String all = runs.stream().map(s -> String.format("%.2f", s)).collect(Collectors.joining("  "));
            out.printf("  %-50s %9s %12s   %s%n", "(" + w.id + ") " + w.label, median, cpuMedian, runs.isEmpty() ? "not measured" : all);
        }
        ratios("wall-clock ratios (the targets):", seconds, true);
        ratios("task-CPU ratios (barely moved by other processes; leave out driver-side work):", cpu, false);
    }

    /** Medians of {@code values} compared; the verdicts are printed for wall time only, the targets' measure. */
    private void ratios(String title, Map<Workload, List<Double>> values, boolean targets) {
        Double a = medianOf(values, Workload.SCAN_FLOOR);
        Double b = medianOf(values, Workload.SQL_PROFILE);
        Double c = medianOf(values, Workload.DEEQU_PROFILER);
        Double d = medianOf(values, Workload.AUDIT);
        Double db = ratio(d, b);
        Double cd = ratio(c, d);
        Double ba = ratio(b, a);
        String first = verdict(db, db != null && db <= AuditBench.AUDIT_VS_SQL_MAX);
        String second = verdict(cd, cd != null && cd >= AuditBench.DEEQU_VS_AUDIT_MIN);
        out.printf("%n  %s%n", title);
        out.printf("  %-6s %7s   %-22s %s%n", "ratio", "value", "target", targets ? "result" : "(would be)");
        out.printf("  %-6s %7s   %-22s %s%n", "d/b", format(db), "d <= " + AuditBench.AUDIT_VS_SQL_MAX + " x b", first);
        out.printf("  %-6s %7s   %-22s %s%n", "c/d", format(cd), "c >= " + AuditBench.DEEQU_VS_AUDIT_MIN + " x d", second);
        out.printf("  %-6s %7s   %-22s %s%n", "b/a", format(ba), "(for scale)", "");
        if (!targets) {
            return;
        }
        long met = List.of(first, second).stream().filter("PASS"::equals).count();
        out.printf("%nTargets met: %d of 2 (audit at most %.1fx the plain SQL profile: %s; at least %.0fx faster than Deequ's profiler: %s)%n",
                met, AuditBench.AUDIT_VS_SQL_MAX, first, AuditBench.DEEQU_VS_AUDIT_MIN, second);
    }

    void breakdown(AuditBench.Breakdown breakdown) {
        out.printf("%nWhere (d) spent its time (last measured run, %.2f s), by the stages it announced:%n", breakdown.seconds());
        for (StageClock.Stage s : breakdown.stages()) {
            out.printf("  %7.2f s %4.0f%%  %s%n", s.seconds(), 100 * s.seconds() / breakdown.seconds(), s.description());
        }
        out.println("and by Spark job (wall s, summed task CPU s, jobs; grouped by description and triggering call):");
        Map<String, double[]> groups = new LinkedHashMap<>();
        for (JobTimes.Job j : breakdown.jobs()) {
            String key = (j.description().isEmpty() ? "(no description)" : j.description()) + "  <- " + j.callSite();
            double[] sums = groups.computeIfAbsent(key, k -> new double[3]);
            sums[0] += Math.max(j.seconds(), 0);
            sums[1] += j.cpuSeconds();
            sums[2] += 1;
        }
        List<Map.Entry<String, double[]>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[0]).reversed());
        double jobWall = 0;
        for (Map.Entry<String, double[]> e : sorted) {
            double[] v = e.getValue();
            jobWall += v[0];
            out.printf("  %7.2f s %7.2f s %3d  %s%n", v[0], v[1], (int) v[2], e.getKey());
        }
        out.printf("  %7.2f s in %d jobs; %.2f s of the run outside any job (planning, codegen, driver work)%n", jobWall, breakdown.jobs().size(),
                breakdown.seconds() - jobWall);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Double medianOf(Map<Workload, List<Double>> seconds, Workload w) {
        List<Double> runs = seconds.get(w);
        return runs == null || runs.isEmpty() ? null : median(runs);
    }

    private static Double ratio(Double top, Double bottom) {
        return top == null || bottom == null || bottom == 0 ? null : top / bottom;
    }

    private static String format(Double v) {
        return v == null ? "n/a" : String.format("%.2f", v);
    }

    private static String verdict(Double v, boolean met) {
        if (v == null) {
            return "NOT MEASURED";
        }
        return met ? "PASS" : "MISS";
    }
}
