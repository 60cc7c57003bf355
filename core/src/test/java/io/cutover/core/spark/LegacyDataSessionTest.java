package io.cutover.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run over a share of the source shuffles into that share of the partitions, on its own session
 * only.
 */
@ExtendWith(SparkExtension.class)
class LegacyDataSessionTest {

  private static int partitions(SparkSession s) {
    return Integer.parseInt(s.conf().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void shufflePartitionsFollowTheShareOfCohortsButNotBelowTheParallelism(SparkSession spark) {
    SparkSession caller = spark.cloneSession();
    caller.conf().set("spark.sql.shuffle.partitions", "400");
    int floor = caller.sparkContext().defaultParallelism();

    SparkSession all = LegacyDataSession.cloneOf(caller);
    LegacyDataSession.scaleShufflePartitions(all, 100, 100);
    SparkSession quarter = LegacyDataSession.cloneOf(caller);
    LegacyDataSession.scaleShufflePartitions(quarter, 25, 100);
    SparkSession one = LegacyDataSession.cloneOf(caller);
    LegacyDataSession.scaleShufflePartitions(one, 1, 1000);

    assertThat(partitions(all)).isEqualTo(400);
    assertThat(partitions(quarter)).isEqualTo(Math.max(floor, 100));
    assertThat(partitions(one)).as("0.4 rounds up, then the floor").isEqualTo(floor);
    assertThat(partitions(caller)).as("the caller's session is left alone").isEqualTo(400);
  }

  @Test
  void aSessionSetBelowTheParallelismKeepsItsSetting(SparkSession spark) {
    SparkSession caller = spark.cloneSession();
    caller.conf().set("spark.sql.shuffle.partitions", "1");
    SparkSession one = LegacyDataSession.cloneOf(caller);
    LegacyDataSession.scaleShufflePartitions(one, 1, 100);
    assertThat(partitions(one)).isEqualTo(1);
  }
}
