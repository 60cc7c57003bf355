package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules check compares the spec's rule-set hash with the one each table's stage run recorded;
 * it reads no data.
 */
class RulesCheckTest {
  private static final MigrationSpec DEMO =
      SpecLoader.load(
          Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf"),
          Map.of(),
          Map.of());
  private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

  private static CheckOutcome rules(String table, StageRun run, String hashNow) {
    ReconcileContext.Subject subject =
        new ReconcileContext.Subject(
            DEMO,
            DEMO.source(table),
            DEMO.targetOf(table),
            List.of("c00"),
            Map.of("c00", run),
            hashNow);
    try (ReconcileContext context = new ReconcileContext(subject)) {
      return new RulesCheck().run(context).get("c00");
    }
  }

  private static StageRun run(String hash, Map<String, String> tables) {
    return new StageRun("c00", "stage-1", hash, 0, 0, 0, 0, 0, AT, tables);
  }

  @Test
  void theRulesStageUsedPass() {
    String hash = "a".repeat(64);
    CheckOutcome o = rules("customers", run(hash, Map.of()), hash);
    assertThat(o.verdict()).isEqualTo(Verdict.PASS);
    assertThat(o.message()).isEqualTo("the spec's rules are the ones stage run stage-1 used");
  }

  @Test
  void changedRulesFailAndSayWhatToDo() {
    CheckOutcome o = rules("customers", run("a".repeat(64), Map.of()), "b".repeat(64));
    assertThat(o.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(o.message())
        .isEqualTo(
            "the rules changed since stage run stage-1 (aaaaaaaaaaaa then, bbbbbbbbbbbb now): stage the cohort again");
  }

  @Test
  void anotherTableIsJudgedByTheHashItsStageRunRecordedForIt() {
    String hash = "c".repeat(64);
    assertThat(rules("orders", run("a".repeat(64), Map.of("orders", hash)), hash).verdict())
        .isEqualTo(Verdict.PASS);
    assertThat(rules("orders", run("a".repeat(64), Map.of()), hash).message())
        .isEqualTo("stage run stage-1 did not stage orders: stage the cohort again");
  }
}
