package io.cutover.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.fs.ForklessLocalFileSystem;
import io.cutover.core.fs.ForklessLocalFs;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings a command's session starts with (no session is started here). */
class SparkSessionsTest {
  private static final String LOCAL =
      String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

  @Test
  void aLocalSessionSizesShuffleAndDeltaSnapshotPartitionsToTheMachine() {
    SparkConf conf =
        SparkSessions.conf(new SessionSettings("t", Optional.of("local[2]"), Map.of()));

    assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo(LOCAL);
    assertThat(conf.get("spark.databricks.delta.snapshotPartitions")).isEqualTo(LOCAL);
    assertThat(conf.get("spark.sql.extensions"))
        .isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
    assertThat(conf.get("spark.hadoop.fs.file.impl"))
        .isEqualTo(ForklessLocalFileSystem.class.getName());
    assertThat(conf.get("spark.hadoop.fs.AbstractFileSystem.file.impl"))
        .isEqualTo(ForklessLocalFs.class.getName());
  }

  @Test
  void givenSettingsWinAndAClusterKeepsSparksAndDeltasDefaults() {
    SparkConf given =
        SparkSessions.conf(
            new SessionSettings(
                "t",
                Optional.of("local[*]"),
                Map.of("spark.databricks.delta.snapshotPartitions", "7")));
    assertThat(given.get("spark.databricks.delta.snapshotPartitions")).isEqualTo("7");
    assertThat(given.get("spark.sql.shuffle.partitions")).isEqualTo(LOCAL);

    SparkConf cluster =
        SparkSessions.conf(
            new SessionSettings("t", Optional.of("spark://127.0.0.1:7077"), Map.of()));
    assertThat(cluster.contains("spark.sql.shuffle.partitions")).isFalse();
    assertThat(cluster.contains("spark.databricks.delta.snapshotPartitions")).isFalse();
    assertThat(cluster.contains("spark.hadoop.fs.file.impl")).isFalse();
    assertThat(cluster.contains("spark.hadoop.fs.AbstractFileSystem.file.impl")).isFalse();
  }
}
