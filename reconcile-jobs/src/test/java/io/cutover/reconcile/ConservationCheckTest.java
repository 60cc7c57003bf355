package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Legacy rows against staged + quarantined + excluded: equal passes, a gap within the drift warns,
 * a larger one fails.
 */
class ConservationCheckTest {
  @Test
  void conservationPassesWarnsWithinDriftAndFailsBeyondIt() {
    assertThat(ConservationCheck.of(10, 7, 2, 1, 0, 0, List.of()).verdict())
        .isEqualTo(Verdict.PASS);
    CheckOutcome withinDrift = ConservationCheck.of(10, 6, 2, 1, 1, 0, List.of());
    assertThat(withinDrift.verdict()).isEqualTo(Verdict.WARN);
    assertThat(withinDrift.message()).contains("within the 1 rows changed since staging");
    CheckOutcome lost = ConservationCheck.of(10, 5, 2, 1, 1, 0, List.of());
    assertThat(lost.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(lost.message())
        .isEqualTo(
            "10 legacy rows vs 5 staged + 2 quarantined + 1 excluded or merged: 2 rows unaccounted for");
  }

  @Test
  void aMissingRejectionTableFailsEvenWhenTheNumbersBalance() {
    CheckOutcome missing =
        ConservationCheck.of(10, 10, 0, 0, 0, 0, List.of("the quarantine table /w/quarantine"));

    assertThat(missing.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(missing.message())
        .isEqualTo(
            "10 legacy rows vs 10 staged + 0 quarantined + 0 excluded or merged: the quarantine table"
                + " /w/quarantine does not exist, so its rows were counted as zero (every stage run writes both tables: restore the missing"
                + " one to that path, or stage the cohort again)");
  }
}
