package io.cutover.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
  private static final GroundTruth TRUTH =
      new GroundTruth(
          GroundTruth.FORMAT,
          42,
          Map.of("customers", 100L, "orders", 200L),
          List.of(
              new PlantedDefect(
                  "customers",
                  "customer_id",
                  "dependency",
                  "duplicate-key",
                  4,
                  2,
                  "each duplicated key is on exactly 2 rows"),
              new PlantedDefect(
                  "customers", "first_name", "corrupt", "mojibake", 1, 0, "e.g. JosÃ©"),
              new PlantedDefect(
                  "orders",
                  "customer_id",
                  "dependency",
                  "orphan-foreign-key",
                  3,
                  0,
                  "references customers.customer_id")),
          Map.of("customers", List.of("phone", "country"), "orders", List.of("order_id")));

  @Test
  void roundTripsThroughJson(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("ground-truth.json");
    TRUTH.write(file);

    assertThat(GroundTruth.read(file)).isEqualTo(TRUTH);
    assertThat(Files.readString(file))
        .contains("\"format\" : \"cutover.demo.ground-truth/1\"")
        .contains("JosÃ©");
  }

  @Test
  void rejectsAnotherFormat(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("ground-truth.json");
    Files.writeString(
        file,
        new String(TRUTH.toJson(), StandardCharsets.UTF_8)
            .replace("cutover.demo.ground-truth/1", "cutover.demo.ground-truth/9"));

    assertThatThrownBy(() -> GroundTruth.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "its format is 'cutover.demo.ground-truth/9', this version reads 'cutover.demo.ground-truth/1'");
  }

  @Test
  void findsDefectsByDatasetAndType() {
    assertThat(TRUTH.defectsOf("customers"))
        .extracting(PlantedDefect::type)
        .containsExactly("duplicate-key", "mojibake");
    assertThat(TRUTH.defect("orders", "orphan-foreign-key").rows()).isEqualTo(3);
    assertThatThrownBy(() -> TRUTH.defect("orders", "mojibake"))
        .hasMessage(
            "No 'mojibake' defect was planted in demo dataset 'orders'; planted there: orphan-foreign-key.");
  }
}
