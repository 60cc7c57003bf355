package io.cutover.core.delta;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends to Cutover's append-only Delta tables (stage runs, quarantine, exclusions, verdicts,
 * metrics). Runs of different cohorts may write them at the same moment: appends to an existing
 * table never conflict, but Delta lets only one writer create a table, so the table is made first
 * through {@link DeltaTables#ensure}, which takes a lost creation race for the other run's table.
 * An append that adds a column may conflict with another run's; it is tried again (a failed commit
 * leaves nothing behind).
 */
public final class AppendOnlyTable {
  private AppendOnlyTable() {}

  public static void append(Dataset<Row> rows, String path, String... partitionBy) {
    SparkSession spark = rows.sparkSession();
    DeltaTables.ensure(spark, path, nullable(rows.schema()), partitionBy);
    // A newer Cutover may add a column to its own table (quarantine's source_hash): older tables
    // take it on.
    DeltaTables.retryingRaces(
        () ->
            rows.write()
                .format("delta")
                .mode("append")
                .option("mergeSchema", "true")
                .partitionBy(partitionBy)
                .save(path));
  }

  /**
   * As {@link #append(Dataset, String, String...)}, with the rows' count known: an empty set makes
   * no commit (each costs a second or more on tiny data) once the table exists with every column,
   * since readers find a run's rows by its id. The table is still made, and a column this version
   * adds still joins it.
   */
  public static void append(Dataset<Row> rows, long count, String path, String... partitionBy) {
    if (count == 0) {
      SparkSession spark = rows.sparkSession();
      DeltaTables.ensure(spark, path, nullable(rows.schema()), partitionBy);
      List<String> have = Arrays.asList(spark.read().format("delta").load(path).columns());
      if (have.containsAll(Arrays.asList(rows.columns()))) {
        return;
      }
    }
    append(rows, path, partitionBy);
  }

  /**
   * As an append creates a table: every column nullable (what is written decides, not the frame's
   * inferred flags).
   */
  private static StructType nullable(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata()))
            .toArray(StructField[]::new));
  }
}
