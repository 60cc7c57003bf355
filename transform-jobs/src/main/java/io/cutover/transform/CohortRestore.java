package io.cutover.transform;

import io.cutover.core.rules.StageColumns;
import io.delta.tables.DeltaTable;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Puts cohorts of the staged table back as they were at an earlier version, and only them, in one
 * Delta commit: a restore of the whole table would also undo what other cohorts' runs committed
 * since. Used by a stage run that finds its own write does not add up, and by rollback.
 */
final class CohortRestore {
  private CohortRestore() {}

  /**
   * {@code version} -1: the cohorts had no rows then (the table did not exist), so they are
   * emptied.
   */
  static void restore(
      SparkSession session, String path, long version, Set<String> cohorts, String userMetadata) {
    Column these = functions.col(StageColumns.COHORT).isin(cohorts.toArray());
    if (version < 0) {
      session.conf().set("spark.databricks.delta.commitInfo.userMetadata", userMetadata);
      try {
        DeltaTable.forPath(session, path).delete(these);
      } finally {
        session.conf().unset("spark.databricks.delta.commitInfo.userMetadata");
      }
      return;
    }
    String where =
        StageColumns.COHORT
            + " IN ("
            + cohorts.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "))
            + ")";
    session
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(path)
        .filter(these)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("replaceWhere", where)
        .option("userMetadata", userMetadata)
        .save(path);
  }
}
