package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.spec.TargetSpec;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class StageTablesTest {

  @Test
  void aRunFindsItsOwnCommitHoweverManyOtherRunsCommittedAfterIt(
      SparkSession spark, @TempDir Path work) {
    TargetSpec target = new TargetSpec("customers", work.toString(), List.of(), List.of());
    StageTables tables = new StageTables(spark, target);
    Dataset<Row> one = spark.sql("SELECT 'c00' AS cohort, 1L AS id");
    // No checkpoints: they would only slow the test's many commits down.
    one.write()
        .format("delta")
        .option("delta.checkpointInterval", "1000")
        .save(target.stagedPath());
    long before = tables.stagedVersion();
    one.write()
        .format("delta")
        .mode("append")
        .option("userMetadata", "mine")
        .save(target.stagedPath());
    // Other cohorts' runs commit before this one looks its commit up: more than the 100 it once
    // read. Their commits add no file here, only their commit info (what the lookup reads): 101
    // Delta appends through Spark took two minutes of this test's time.
    for (int i = 0; i < 101; i++) {
      commitInfoOnly(target.stagedPath(), before + 2 + i, "other-" + i);
    }
    assertThat(tables.versionOf("mine", before)).isEqualTo(before + 1);
    assertThat(tables.versionOf("other-100", before)).isEqualTo(before + 102);
    assertThatThrownBy(() -> tables.versionOf("never-committed", before))
        .hasMessageContaining("no commit of run never-committed")
        .hasMessageContaining("after version " + before);
  }

  /**
   * Writes Delta commit {@code version} of the table at {@code path} holding only its commit info,
   * as an append that added no file would: what another run's commit looks like to a history
   * lookup.
   */
  private static void commitInfoOnly(String path, long version, String userMetadata) {
    String commit =
        "{\"commitInfo\":{\"timestamp\":"
            + System.currentTimeMillis()
            + ",\"operation\":\"WRITE\",\"operationParameters\":{\"mode\":\"Append\"},"
            + "\"readVersion\":"
            + (version - 1)
            + ",\"isBlindAppend\":true,\"userMetadata\":\""
            + userMetadata
            + "\"}}\n";
    try {
      Files.writeString(
          Path.of(path, "_delta_log", String.format("%020d.json", version)),
          commit,
          StandardOpenOption.CREATE_NEW);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
