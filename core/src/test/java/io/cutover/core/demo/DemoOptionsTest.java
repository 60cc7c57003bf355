package io.cutover.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void rejectsFewerThanAHundredRows() {
    assertThatThrownBy(() -> new DemoOptions(99, 1, "cutover-work/legacy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot generate demo data: rows is 99, but the demo needs at least 100 rows to plant its "
                + "defects in; ask for 100 rows or more.");
  }

  @Test
  void rejectsAMissingOutputFolder() {
    assertThatThrownBy(() -> new DemoOptions(100, 1, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no output folder is given");
  }

  @Test
  void acceptsAHundredRows() {
    assertThat(new DemoOptions(100, 1, "cutover-work/legacy").rows()).isEqualTo(100);
  }
}
