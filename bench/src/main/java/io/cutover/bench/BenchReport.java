package io.cutover.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The benches' console output: medians, ratios against the targets, and where a workload's time
 * went.
 */
final class BenchReport {
  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  /**
   * A ratio of two workloads' medians, with the target it should meet (at most or at least), if
   * any.
   */
  record Ratio(String top, String bottom, Double atMost, Double atLeast, String meaning) {
    static Ratio atMost(String top, String bottom, double max, String meaning) {
      return new Ratio(top, bottom, max, null, meaning);
    }

    static Ratio atLeast(String top, String bottom, double min, String meaning) {
      return new Ratio(top, bottom, null, min, meaning);
    }

    static Ratio forScale(String top, String bottom) {
      return new Ratio(top, bottom, null, null, "(for scale)");
    }

    String target() {
      if (atMost != null) {
        return top + "/" + bottom + " <= " + atMost;
      }
      return atLeast != null ? top + "/" + bottom + " >= " + atLeast : "";
    }

    boolean hasTarget() {
      return atMost != null || atLeast != null;
    }

    boolean met(double v) {
      return (atMost == null || v <= atMost) && (atLeast == null || v >= atLeast);
    }
  }

  <S> void table(
      long rows,
      BenchOptions options,
      List<Measured<S>> workloads,
      Rounds.Results<S> results,
      List<Ratio> ratios) {
    out.printf(
        "%nResults at %,d rows (median of %d runs; slow ones of %d):%n",
        rows, options.repeats(), options.slowRepeats());
    out.printf("  %-58s %9s %12s   %s%n", "workload", "median s", "task CPU s", "runs s");
    Map<String, Double> wall = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    for (Measured<S> w : workloads) {
      List<Double> runs = results.seconds().getOrDefault(w, List.of());
      List<Double> cpuRuns = results.cpu().getOrDefault(w, List.of());
      if (!runs.isEmpty()) {
        wall.put(w.id(), median(runs));
        cpu.put(w.id(), median(cpuRuns));
      }
      String all =
          runs.stream().map(s -> String.format("%.2f", s)).collect(Collectors.joining("  "));
      out.printf(
          "  %-58s %9s %12s   %s%n",
          "(" + w.id() + ") " + w.label(),
          format(wall.get(w.id())),
          format(cpu.get(w.id())),
          runs.isEmpty() ? "not measured" : all);
    }
    ratios("wall-clock ratios (the targets):", wall, ratios, true);
    ratios(
        "task-CPU ratios (barely moved by other processes; leave out driver-side work):",
        cpu,
        ratios,
        false);
  }

  /** Medians compared; the verdicts are printed for wall time only, the targets' measure. */
  private void ratios(
      String title, Map<String, Double> medians, List<Ratio> ratios, boolean targets) {
    out.printf("%n  %s%n", title);
    out.printf(
        "  %-7s %7s   %-18s %-12s %s%n",
        "ratio", "value", "target", targets ? "result" : "(would be)", "");
    List<String> verdicts = new ArrayList<>();
    for (Ratio r : ratios) {
      Double v = ratio(medians.get(r.top()), medians.get(r.bottom()));
      String verdict =
          !r.hasTarget() ? "" : v == null ? "NOT MEASURED" : r.met(v) ? "PASS" : "MISS";
      if (r.hasTarget()) {
        verdicts.add(verdict);
      }
      out.printf(
          "  %-7s %7s   %-18s %-12s %s%n",
          r.top() + "/" + r.bottom(), format(v), r.target(), verdict, r.meaning());
    }
    if (targets) {
      out.printf(
          "%nTargets met: %d of %d%n",
          verdicts.stream().filter("PASS"::equals).count(), verdicts.size());
    }
  }

  /** Where the last measured run of {@code w} spent its time, if it ran. */
  <S> void breakdownOf(Rounds.Results<S> results, Measured<S> w) {
    Rounds.Breakdown b = results.breakdowns().get(w);
    if (b != null) {
      breakdown(b);
    }
  }

  void breakdown(Rounds.Breakdown breakdown) {
    out.printf(
        "%nWhere (%s) spent its time (last measured run, %.2f s), by the stages it announced:%n",
        breakdown.id(), breakdown.seconds());
    for (StageClock.Stage s : breakdown.stages()) {
      out.printf(
          "  %7.2f s %4.0f%%  %s%n",
          s.seconds(), 100 * s.seconds() / breakdown.seconds(), s.description());
    }
    out.println(
        "and by Spark job (wall s, summed task CPU s, jobs; grouped by description and triggering call):");
    Map<String, double[]> groups = new LinkedHashMap<>();
    for (JobTimes.Job j : breakdown.jobs()) {
      String key =
          (j.description().isEmpty() ? "(no description)" : j.description())
              + "  <- "
              + j.callSite();
      double[] sums = groups.computeIfAbsent(key, k -> new double[3]);
      sums[0] += Math.max(j.seconds(), 0);
      sums[1] += j.cpuSeconds();
      sums[2] += 1;
    }
    List<Map.Entry<String, double[]>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(
        Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[0]).reversed());
    double jobWall = 0;
    for (Map.Entry<String, double[]> e : sorted) {
      double[] v = e.getValue();
      jobWall += v[0];
      out.printf("  %7.2f s %7.2f s %3d  %s%n", v[0], v[1], (int) v[2], e.getKey());
    }
    out.printf(
        "  %7.2f s in %d jobs; %.2f s of the run outside any job (planning, codegen, driver work)%n",
        jobWall, breakdown.jobs().size(), breakdown.seconds() - jobWall);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Double ratio(Double top, Double bottom) {
    return top == null || bottom == null || bottom == 0 ? null : top / bottom;
  }

  private static String format(Double v) {
    return v == null ? "n/a" : String.format("%.2f", v);
  }
}
