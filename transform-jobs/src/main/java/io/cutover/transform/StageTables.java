package io.cutover.transform;

import io.cutover.core.delta.DeltaTables;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables a migration stages into: the staged table (partitioned by cohort, NOT NULL and
 * CHECK constraints from the spec) and the append-only quarantine, exclusions and runs tables.
 */
final class StageTables {
  private final SparkSession spark;
  private final TargetSpec target;

  StageTables(SparkSession spark, TargetSpec target) {
    this.spark = spark;
    this.target = target;
  }

  /** The staged table's current version, or -1 before its first commit. */
  long stagedVersion() {
    return version(target.stagedPath());
  }

  /**
   * The version of the staged table's commit whose user metadata is {@code runId}, made after
   * version {@code before}. Every commit since {@code before} is read (newest first), however many
   * other runs made, even those committed while this looks: a history read that no longer reaches
   * back to {@code before} is read again, further back.
   */
  long versionOf(String runId, long before) {
    DeltaTable table = DeltaTable.forPath(spark, target.stagedPath());
    long wanted = Math.max(table.history(1).select("version").first().getLong(0) - before, 1);
    while (true) {
      List<Row> commits =
          table
              .history((int) Math.min(wanted, Integer.MAX_VALUE))
              .select("version", "userMetadata")
              .collectAsList();
      long oldest = Long.MAX_VALUE;
      for (Row c : commits) {
        if (c.getLong(0) > before && runId.equals(c.getString(1))) {
          return c.getLong(0);
        }
        oldest = Math.min(oldest, c.getLong(0));
      }
      if (commits.size() < wanted || oldest <= before + 1) {
        throw new IllegalStateException(
            "no commit of run "
                + runId
                + " in "
                + target.stagedPath()
                + " after version "
                + before);
      }
      wanted += oldest - before - 1;
    }
  }

  long version(String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
  }

  /**
   * Creates the staged table on first use, adds the hash columns to a table staged before they
   * existed, then makes sure every CHECK of the spec is a Delta constraint.
   */
  void ensureStaged(StructType schema) {
    // Another cohort's first stage may create or alter the table at the same moment: the loser
    // tries again and finds it done.
    DeltaTables.ensure(spark, target.stagedPath(), schema, StageColumns.COHORT);
    DeltaTables.retryingRaces(() -> alter(schema));
  }

  private void alter(StructType schema) {
    String path = target.stagedPath();
    java.util.List<String> have =
        java.util.Arrays.asList(DeltaTable.forPath(spark, path).toDF().columns());
    java.util.List<String> hashes =
        java.util.stream.Stream.of(StageColumns.SOURCE_HASH, StageColumns.ROW_HASH)
            .filter(c -> !have.contains(c))
            .toList();
    if (!hashes.isEmpty()) {
      spark.sql(
          "ALTER TABLE delta.`"
              + path.replace("`", "``")
              + "` ADD COLUMNS ("
              + String.join(", ", hashes.stream().map(c -> c + " BIGINT").toList())
              + ")");
    }
    Map<String, String> properties =
        scala.collection.JavaConverters.mapAsJavaMap(
            DeltaTable.forPath(spark, path)
                .detail()
                .first()
                .<scala.collection.Map<String, String>>getAs("properties"));
    for (TargetSpec.Check check : target.checks()) {
      if (!properties.containsKey(
          "delta.constraints." + check.name().toLowerCase(java.util.Locale.ROOT))) {
        spark.sql(
            "ALTER TABLE delta.`"
                + path.replace("`", "``")
                + "` ADD CONSTRAINT `"
                + check.name()
                + "` CHECK ("
                + check.expression()
                + ")");
      }
    }
  }
}
