package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Legacy rows against staged + quarantined + excluded: equal passes, a gap within the drift warns, a larger one fails. */
class ConservationCheckTest {
    @Test
    void conservationPassesWarnsWithinDriftAndFailsBeyondIt() {
        assertThat(ConservationCheck.of(10, 7, 2, 1, 0, 0).verdict()).isEqualTo(Verdict.PASS);
        CheckOutcome withinDrift = ConservationCheck.of(10, 6, 2, 1, 1, 0);
        assertThat(withinDrift.verdict()).isEqualTo(Verdict.WARN);
        assertThat(withinDrift.message()).contains("within the 1 rows changed since staging");
        CheckOutcome lost = ConservationCheck.of(10, 5, 2, 1, 1, 0);
        assertThat(lost.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(lost.message()).isEqualTo("10 legacy rows vs 5 staged + 2 quarantined + 1 excluded or merged: 2 rows unaccounted for");
    }
}
