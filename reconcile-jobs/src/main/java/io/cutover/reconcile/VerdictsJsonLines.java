package io.cutover.reconcile;

import io.cutover.core.report.JsonLinesFile;
import io.cutover.core.spec.MigrationSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reconcile run's verdicts as JSON Lines, one file per run in {@code
 * <reports>/reconcile-verdicts-jsonl/RUN.jsonl}, one line per cohort: verdict, the checks that did
 * not pass with their example keys, each table's rows staged, quarantined and excluded, and drift;
 * cohorts never staged get a line with verdict {@code NOT_STAGED}. Notebooks read it without Spark.
 */
public final class VerdictsJsonLines {
  public static final String FORMAT = "cutover.reconcile.verdict/1";
  public static final String NOT_STAGED = "NOT_STAGED";

  private VerdictsJsonLines() {}

  public static Path folder(MigrationSpec spec) {
    return Path.of(spec.reportsPath(), "reconcile-verdicts-jsonl");
  }

  /** Writes the run's file; returns its path. */
  public static Path write(MigrationSpec spec, ReconcileRun run) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ReconcileResult r : run.cohorts()) {
      Map<String, Object> row = line(spec, run, r.cohort(), r.verdict().name());
      row.put("run_id", r.runId());
      row.put("stage_run_id", r.stageRunId());
      row.put("staged_version", r.stagedVersion());
      row.put("checked_at", r.finishedAt().toString());
      row.put("failed_checks", failed(r));
      List<Map<String, Object>> tables = tables(spec, r);
      row.put("tables", tables);
      row.put(
          "drift_rows",
          tables.stream().mapToLong(t -> ((Number) t.get("drift_rows")).longValue()).sum());
      rows.add(row);
    }
    for (String cohort : run.notStaged()) {
      rows.add(line(spec, run, cohort, NOT_STAGED));
    }
    return JsonLinesFile.write(folder(spec), run.runId(), rows);
  }

  private static Map<String, Object> line(
      MigrationSpec spec, ReconcileRun run, String cohort, String verdict) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("format", FORMAT);
    row.put("migration", spec.name());
    row.put("reconcile_run", run.runId());
    row.put("cohort", cohort);
    // No plan assigns waves yet; the field is there so readers need not change when one does.
    row.put("wave", null);
    row.put("verdict", verdict);
    return row;
  }

  private static List<Map<String, Object>> failed(ReconcileResult r) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (CheckOutcome c : r.checks()) {
      if (c.verdict() == Verdict.PASS) {
        continue;
      }
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("check", c.check());
      check.put("verdict", c.verdict().name());
      check.put("message", c.message());
      check.put("keys", c.keys());
      check.put("examples", c.examples());
      out.add(check);
    }
    return out;
  }

  /**
   * Each table's accounting, from its conservation and drift checks (named "conservation" for the
   * cohort source, "orders.conservation" for another table).
   */
  private static List<Map<String, Object>> tables(MigrationSpec spec, ReconcileResult r) {
    Map<String, Map<String, Object>> byTable = new LinkedHashMap<>();
    for (CheckOutcome c : r.checks()) {
      int dot = c.check().lastIndexOf('.');
      String table = dot < 0 ? spec.cohorts().source() : c.check().substring(0, dot);
      String name = c.check().substring(dot + 1);
      if (!name.equals("conservation") && !name.equals("drift")) {
        continue;
      }
      Map<String, Object> t =
          byTable.computeIfAbsent(
              table,
              k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("table", k);
                for (String n :
                    List.of(
                        "legacy_rows",
                        "staged",
                        "quarantined",
                        "excluded_or_merged",
                        "drift_rows")) {
                  m.put(n, 0L);
                }
                m.put("drift_share", 0.0);
                return m;
              });
      if (name.equals("conservation")) {
        for (String n : List.of("legacy_rows", "staged", "quarantined", "excluded_or_merged")) {
          if (c.numbers().get(n) instanceof Number v) {
            t.put(n, v.longValue());
          }
        }
      } else {
        if (c.numbers().get("drift_rows") instanceof Number v) {
          t.put("drift_rows", v.longValue());
        }
        if (c.numbers().get("share") instanceof Number v) {
          t.put("drift_share", v.doubleValue());
        }
      }
    }
    return new ArrayList<>(byTable.values());
  }
}
