package io.cutover.core.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.CohortSpec;
import io.cutover.core.testing.SparkExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A row's cohort column names one of the spec's cohort ids, spelled exactly as CohortSpec spells
 * them.
 */
@ExtendWith(SparkExtension.class)
class CohortAssignmentTest {

  @Test
  void everyBucketIsSpelledAsTheSpecSpellsItsIds(SparkSession spark) {
    for (int count : List.of(1, 7, 100, 101, 1000)) {
      CohortSpec cohorts = new CohortSpec("customers", count, 42L);
      // Enough keys to land in every bucket; the set of ids seen must be exactly the spec's ids.
      Dataset<Row> keys = spark.range(0, count * 30L).toDF("id");
      List<String> seen =
          keys
              .select(CohortAssignment.of(cohorts, List.of("id")).as("c"))
              .distinct()
              .orderBy("c")
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .toList();
      assertThat(seen).as("%d cohorts", count).isEqualTo(cohorts.ids());
    }
  }

  @Test
  void theSameKeysAlwaysLandInTheSameCohorts(SparkSession spark) {
    CohortSpec cohorts = new CohortSpec("customers", 100, 42L);
    Dataset<Row> keys = spark.range(0, 5).toDF("id");
    Map<Long, String> at = new TreeMap<>();
    keys.select(functions.col("id"), CohortAssignment.of(cohorts, List.of("id")))
        .collectAsList()
        .forEach(r -> at.put(r.getLong(0), r.getString(1)));
    // Pinned: a change of the hash or the spelling would move customers between cohorts already
    // staged.
    assertThat(at).isEqualTo(pinned());
  }

  private static Map<Long, String> pinned() {
    return Map.of(0L, "c03", 1L, "c34", 2L, "c33", 3L, "c52", 4L, "c31");
  }
}
