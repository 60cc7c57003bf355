package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {
  @Test
  void aValueIsKeptFromItsSecondSightingAndOneOffValuesAreNot() {
    AtomicInteger calls = new AtomicInteger();
    Memo<String, String> memo =
        new Memo<>(
            v -> {
              calls.incrementAndGet();
              return v.toUpperCase(java.util.Locale.ROOT);
            },
            10,
            8);

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(memo.get("fr"));
    }
    answers.add(memo.get("us"));

    assertThat(answers).containsExactly("FR", "FR", "FR", "FR", "FR", "US");
    assertThat(calls.get()).as("fr read twice (seen, then kept), us once").isEqualTo(3);
    assertThat(memo.size()).as("only fr is kept").isEqualTo(1);
  }

  @Test
  void pastItsCapacityTheFunctionSimplyRuns() {
    AtomicInteger calls = new AtomicInteger();
    Memo<Integer, Integer> memo =
        new Memo<>(
            v -> {
              calls.incrementAndGet();
              return v * 2;
            },
            3,
            12);

    for (int round = 0; round < 4; round++) {
      for (int v = 0; v < 5; v++) {
        assertThat(memo.get(v)).isEqualTo(v * 2);
      }
    }

    assertThat(memo.size()).as("three kept").isEqualTo(3);
    assertThat(calls.get())
        .as("5 first sightings, 5 second ones, then only the 2 not kept, twice")
        .isEqualTo(5 + 5 + 2 * 2);
  }
}
