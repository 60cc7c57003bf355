package io.cutover.reconcile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spec's rules for a table against those its cohort's stage run recorded: a rule changed since
 * staging makes every other check compare against rows the table was never staged with, so it fails
 * (re-stage). Reads no data.
 */
final class RulesCheck implements ReconcileCheck {
  static final String NAME = "rules";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, CheckOutcome> run(ReconcileContext context) {
    ReconcileContext.Subject s = context.subject();
    Map<String, CheckOutcome> out = new TreeMap<>();
    for (String c : s.cohorts()) {
      StageRun run = s.runs().get(c);
      out.put(
          c,
          s.cohortSource()
              ? outcome(run, s.rulesHash())
              : outcome(run, s.source().name(), s.rulesHash()));
    }
    return out;
  }

  private static CheckOutcome outcome(StageRun run, String hash) {
    return hash.equals(run.rulesHash())
        ? CheckOutcome.pass(
            NAME,
            "the spec's rules are the ones stage run " + run.runId() + " used",
            Map.of("rules_hash", hash))
        : new CheckOutcome(
            NAME,
            Verdict.FAIL,
            "the rules changed since stage run "
                + run.runId()
                + " ("
                + run.rulesHash().substring(0, 12)
                + " then, "
                + hash.substring(0, 12)
                + " now): stage the cohort again",
            Map.of("staged_with", run.rulesHash(), "spec_now", hash),
            List.of());
  }

  /**
   * A staged table other than the cohort source's: its rules against those its stage run recorded
   * for it.
   */
  private static CheckOutcome outcome(StageRun run, String table, String hash) {
    String then = run.tableRulesHashes().get(table);
    if (then == null) {
      return new CheckOutcome(
          NAME,
          Verdict.FAIL,
          "stage run " + run.runId() + " did not stage " + table + ": stage the cohort again",
          Map.of("spec_now", hash),
          List.of());
    }
    return outcome(
        new StageRun(run.cohort(), run.runId(), then, 0, 0, 0, 0, 0, run.startedAt(), Map.of()),
        hash);
  }
}
