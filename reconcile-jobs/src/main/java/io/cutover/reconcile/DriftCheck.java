package io.cutover.reconcile;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.SourceSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Drift: legacy rows updated after their cohort was staged. They need a sync, not a fix, so they
 * are left out of the other checks; above {@code reconcile.drift-threshold} (a share of the
 * cohort's legacy rows) the cohort gets a WARN with a few keys as examples (masked when the key is
 * personal). Never FAILs. Counted in the context's pass over the expected rows; examples cost one
 * small query over the drifted keys, only for cohorts that warn.
 */
final class DriftCheck implements ReconcileCheck {
  static final String NAME = "drift";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    SourceSpec source = context.source();
    double threshold = context.spec().reconcile().driftThreshold();
    ExpectedCounts counts = context.counts();
    Map<String, List<String>> examples =
        examples(source, threshold, context.drifted(), context.cohorts(), counts);
    Map<String, CheckOutcome> out = new TreeMap<>();
    for (String c : context.cohorts()) {
      out.put(
          c,
          outcome(
              source,
              threshold,
              counts.driftRowsOf(c),
              counts.legacyRowsOf(c),
              examples.getOrDefault(c, List.of())));
    }
    return out;
  }

  private static boolean warns(double threshold, long driftRows, long legacyRows) {
    double share = legacyRows == 0 ? 0 : (double) driftRows / legacyRows;
    return driftRows > 0 && share > threshold;
  }

  /**
   * Up to three drifted keys of each cohort that warns; {@code drifted} holds the key and cohort of
   * each drifted row.
   */
  private static Map<String, List<String>> examples(
      SourceSpec source,
      double threshold,
      Dataset<Row> drifted,
      List<String> cohorts,
      ExpectedCounts counts) {
    if (drifted == null) {
      return Map.of();
    }
    List<String> key = source.key();
    List<String> warned =
        cohorts.stream()
            .filter(c -> warns(threshold, counts.driftRowsOf(c), counts.legacyRowsOf(c)))
            .toList();
    boolean maskKeys = source.hasPersonalKey();
    Column text =
        functions.concat_ws(
            ", ",
            key.stream()
                .map(k -> drifted.col(Sql.column(k)).cast("string"))
                .toArray(Column[]::new));
    Map<String, List<String>> out = new TreeMap<>();
    PerCohort.examples(drifted, drifted.col(StageColumns.COHORT), text, warned, 3)
        .forEach(
            (c, xs) -> out.put(c, xs.stream().map(x -> maskKeys ? Masking.mask(x) : x).toList()));
    return out;
  }

  private static CheckOutcome outcome(
      SourceSpec source, double threshold, long driftRows, long legacyRows, List<String> examples) {
    double share = legacyRows == 0 ? 0 : (double) driftRows / legacyRows;
    Map<String, Object> numbers =
        Map.of(
            "drift_rows",
            driftRows,
            "share",
            Math.round(share * 1_000_000) / 1_000_000.0,
            "threshold",
            threshold);
    if (source.lastUpdated().isEmpty()) {
      return CheckOutcome.pass(
          NAME,
          "the source declares no last-updated column: drift cannot be told apart (declare it to sync safely)",
          numbers);
    }
    if (!warns(threshold, driftRows, legacyRows)) {
      return CheckOutcome.pass(NAME, driftRows + " legacy rows changed since staging", numbers);
    }
    return new CheckOutcome(
        NAME,
        Verdict.WARN,
        driftRows
            + " legacy rows changed after staging ("
            + Math.round(share * 10000) / 100.0
            + "%): needs sync, not a defect; they are left out of the other checks",
        numbers,
        examples);
  }
}
