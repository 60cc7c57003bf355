package io.cutover.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conservation from the tables themselves: a cohort's legacy rows against its staged, quarantined
 * and excluded (or merged-away) rows. A gap no larger than the rows changed in the legacy source
 * since staging is drift (WARN: sync it); a larger one is rows lost or invented (FAIL), explained
 * by the row check's extra, duplicated and missing rows, with their keys, as far as they go.
 */
final class ConservationCheck implements ReconcileCheck {
  static final String NAME = "conservation";

  @Override
  public String name() {
    return NAME;
  }

  /** Counts from the context (read once for all checks); the row check's findings name the keys. */
  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    Map<String, CheckOutcome> rows = RowsCheck.outcomes(context);
    ExpectedCounts counts = context.counts();
    Rejections rejections = context.rejections();
    Map<String, CheckOutcome> out = new java.util.TreeMap<>();
    for (String c : context.cohorts()) {
      out.put(
          c,
          of(
              counts.legacyRowsOf(c),
              context.stagedCounts().of(c),
              rejections.quarantined().getOrDefault(c, 0L),
              rejections.excluded().getOrDefault(c, 0L),
              counts.driftRowsOf(c),
              context.rejectedAgainIn(c),
              rejections.missing(),
              RowDefects.of(rows.get(c))));
    }
    return out;
  }

  /** For a table whose staged table does not exist: nothing can be counted, every cohort fails. */
  static final ReconcileCheck NO_STAGED_TABLE =
      ReconcileCheck.of(
          NAME,
          context -> {
            Map<String, CheckOutcome> out = new java.util.TreeMap<>();
            context
                .cohorts()
                .forEach(
                    c ->
                        out.put(
                            c,
                            new CheckOutcome(
                                NAME,
                                Verdict.FAIL,
                                "there is no staged table "
                                    + context.target().stagedPath()
                                    + ": stage the cohort again",
                                Map.of(),
                                List.of())));
            return out;
          });

  /**
   * What the row check found, by key: rows staged with no legacy row, staged again under a key,
   * expected but not staged.
   */
  record RowDefects(long extra, long duplicated, long missing, Map<String, List<String>> keys) {
    static final RowDefects NONE = new RowDefects(0, 0, 0, Map.of());

    static RowDefects of(CheckOutcome rows) {
      return new RowDefects(
          number(rows, "extra"),
          number(rows, "duplicate_keys"),
          number(rows, "missing"),
          rows.keys());
    }

    private static long number(CheckOutcome rows, String name) {
      return rows.numbers().get(name) instanceof Number n ? n.longValue() : 0L;
    }

    List<String> keysOf(String defect) {
      return keys.getOrDefault(defect, List.of());
    }

    /**
     * The defects' share of a gap of {@code gap} rows (staged and rejected minus legacy), and what
     * is left.
     */
    List<String> explain(long gap) {
      List<String> out = new ArrayList<>();
      if (extra > 0) {
        out.add(
            extra
                + " staged rows have no legacy row (extra)"
                + colon(CheckOutcome.keys(extra, keysOf("extra"))));
      }
      if (duplicated > 0) {
        out.add(
            duplicated
                + " staged rows repeat a staged key (duplicated)"
                + colon(String.join(", ", keysOf("duplicated"))));
      }
      if (missing > 0) {
        out.add(
            missing
                + " legacy rows are not staged (missing)"
                + colon(CheckOutcome.keys(missing, keysOf("missing"))));
      }
      long rest = gap - (extra + duplicated - missing);
      if (rest != 0) {
        out.add(Math.abs(rest) + " rows unaccounted for");
      }
      return out;
    }

    private static String colon(String text) {
      return text.isEmpty() ? "" : ": " + text;
    }
  }

  static CheckOutcome of(
      long legacyRows,
      long staged,
      long quarantined,
      long excluded,
      long driftRows,
      long rejectedAgain,
      List<String> missingTables) {
    return of(
        legacyRows,
        staged,
        quarantined,
        excluded,
        driftRows,
        rejectedAgain,
        missingTables,
        RowDefects.NONE);
  }

  /**
   * {@code rejectedAgain}: of the legacy rows, those the hashes vouch for as quarantined or
   * excluded again (not recomputed). {@code missingTables}: rejection tables that do not exist;
   * their rows count as zero and the check fails, whatever the numbers, since it could not count
   * from the tables. {@code defects}: the row check's findings, to name the keys behind a gap.
   */
  static CheckOutcome of(
      long legacyRows,
      long staged,
      long quarantined,
      long excluded,
      long driftRows,
      long rejectedAgain,
      List<String> missingTables,
      RowDefects defects) {
    long accounted = staged + quarantined + excluded;
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("legacy_rows", legacyRows);
    numbers.put("staged", staged);
    numbers.put("quarantined", quarantined);
    numbers.put("excluded_or_merged", excluded);
    numbers.put("drift_rows", driftRows);
    if (rejectedAgain > 0) {
      numbers.put("rejected_again_by_hash", rejectedAgain);
    }
    String equation =
        legacyRows
            + " legacy rows vs "
            + staged
            + " staged + "
            + quarantined
            + " quarantined + "
            + excluded
            + " excluded or merged";
    if (!missingTables.isEmpty()) {
      return new CheckOutcome(
          NAME,
          Verdict.FAIL,
          equation
              + ": "
              + String.join(" and ", missingTables)
              + (missingTables.size() == 1 ? " does" : " do")
              + " not exist, so "
              + (missingTables.size() == 1 ? "its rows were" : "their rows were")
              + " counted as zero (every stage run writes both tables:"
              + " restore the missing one to that path, or stage the cohort again)",
          numbers,
          List.of());
    }
    if (accounted == legacyRows) {
      return CheckOutcome.pass(NAME, equation, numbers);
    }
    if (Math.abs(accounted - legacyRows) <= driftRows) {
      return new CheckOutcome(
          NAME,
          Verdict.WARN,
          equation
              + ": the difference is within the "
              + driftRows
              + " rows changed since staging (sync)",
          numbers,
          List.of());
    }
    Map<String, List<String>> keys = new LinkedHashMap<>(defects.keys());
    keys.remove("changed");
    List<String> examples = new ArrayList<>();
    keys.forEach((defect, k) -> k.forEach(x -> examples.add(defect + ": " + x)));
    return new CheckOutcome(
        NAME,
        Verdict.FAIL,
        equation + ": " + String.join("; ", defects.explain(accounted - legacyRows)),
        numbers,
        examples,
        keys);
  }
}
