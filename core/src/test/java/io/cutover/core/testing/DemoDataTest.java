package io.cutover.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.spec.MigrationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared demo data: generated once per (rows, seed), and a test that writes into it is caught.
 */
@ExtendWith(SparkExtension.class)
class DemoDataTest {
  @Test
  void theSamePairIsGeneratedOnceAndAChangedFileFailsTheNextUse(
      SparkSession spark, @TempDir Path work) throws Exception {
    DemoData first = DemoData.of(spark, 100, 424242);
    assertThat(DemoData.of(spark, 100, 424242))
        .as("the same data, not generated again")
        .isSameAs(first);
    assertThat(first.truth().rows()).containsEntry("customers", 100L);

    MigrationSpec spec = first.spec(work, Map.of("cohorts.count", "4"));
    assertThat(spec.workDir()).isEqualTo(work.toString());
    assertThat(spec.sources().get("customers").path()).contains(first.customers().toString());
    assertThat(spec.target().stagedPath()).startsWith(work.toString());

    Path truth = first.legacy().resolve("ground-truth.json");
    Files.writeString(truth, Files.readString(truth) + " ");
    assertThatThrownBy(() -> DemoData.of(spark, 100, 424242))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is read-only to tests")
        .hasMessageContaining("ground-truth.json");
  }
}
