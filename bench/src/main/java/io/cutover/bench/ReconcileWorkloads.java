package io.cutover.bench;

import io.cutover.core.rules.Sql;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.reconcile.CheckOutcome;
import io.cutover.reconcile.ReconcileCohortJob;
import io.cutover.reconcile.ReconcileOptions;
import io.cutover.reconcile.ReconcileResult;
import io.cutover.reconcile.ReconcileRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What {@code bench/run reconcile} times on staged tables with planted defects: two plain
 * comparisons of every staged table (customers and their orders in the demo) as committed (the
 * expected rows, given for free) with its current state, and the reconcile, which checks the same
 * tables but must first recompute the expected rows from the legacy sources through the rules. Each
 * returns the differences it found, over all tables.
 */
final class ReconcileWorkloads {
  /**
   * The spec the cohorts were staged with, every staged table with its version before the defects,
   * and the cohort of (d).
   */
  record Subject(MigrationSpec spec, List<Table> tables, String cohort) {}

  /** One staged table: where it is, its key, and its version as the stage committed it. */
  record Table(String path, String key, long committedVersion) {
    Dataset<Row> committed(SparkSession spark) {
      return spark.read().format("delta").option("versionAsOf", committedVersion).load(path);
    }

    Dataset<Row> current(SparkSession spark) {
      return spark.read().format("delta").load(path);
    }
  }

  private static final String FOUND = "defects found (missing + extra + duplicated + changed)";

  static final Measured<Subject> KEYED_DIFF =
      Measured.of(
          "a",
          "keyed diff of every staged table: full outer join on the key, xxhash64 of the rest",
          "rows that differ",
          (spark, subject, progress) -> {
            long found = 0;
            for (Table t : subject.tables()) {
              found += keyedDiff(spark, t);
            }
            return found;
          });
  static final Measured<Subject> EXCEPT_ALL =
      Measured.<Subject>of(
              "b",
              "exceptAll in both directions, every staged table",
              "rows that differ",
              (spark, subject, progress) -> {
                long found = 0;
                for (Table t : subject.tables()) {
                  Dataset<Row> e = t.committed(spark);
                  Dataset<Row> a = t.current(spark);
                  found += e.exceptAll(a).count() + a.exceptAll(e).count();
                }
                return found;
              })
          .slowly();
  static final Measured<Subject> RECONCILE_ALL =
      Measured.of(
          "c",
          "reconcile of every cohort in one run (--cohort all), all checks",
          FOUND,
          (spark, subject, progress) ->
              defects(
                  new ReconcileCohortJob(
                          spark,
                          subject.spec(),
                          ReconcileOptions.of(ReconcileOptions.ALL),
                          progress)
                      .run()));
  static final Measured<Subject> RECONCILE_COHORT =
      Measured.of(
          "d",
          "reconcile of one cohort (1%), all checks",
          FOUND,
          (spark, subject, progress) ->
              defects(
                  new ReconcileCohortJob(
                          spark, subject.spec(), ReconcileOptions.of(subject.cohort()), progress)
                      .run()));

  private ReconcileWorkloads() {}

  static List<Measured<Subject>> all() {
    return List.of(KEYED_DIFF, EXCEPT_ALL, RECONCILE_ALL, RECONCILE_COHORT);
  }

  private static long keyedDiff(SparkSession spark, Table table) {
    Dataset<Row> e = hashed(table.committed(spark), table.key(), "e");
    Dataset<Row> a = hashed(table.current(spark), table.key(), "a");
    Dataset<Row> joined = e.join(a, e.col("e_key").equalTo(a.col("a_key")), "full_outer");
    return joined.filter(functions.not(e.col("e_hash").eqNullSafe(a.col("a_hash")))).count();
  }

  /** The key and xxhash64 over every other column, each value marked so that null and "" differ. */
  private static Dataset<Row> hashed(Dataset<Row> rows, String key, String prefix) {
    List<Column> parts = new ArrayList<>();
    Arrays.stream(rows.columns())
        .filter(c -> !c.equals(key))
        .forEach(
            c ->
                parts.add(
                    functions.coalesce(
                        rows.col(Sql.column(c)).cast("string"), functions.lit("\u0000"))));
    return rows.select(
        rows.col(Sql.column(key)).as(prefix + "_key"),
        functions.xxhash64(parts.toArray(Column[]::new)).as(prefix + "_hash"));
  }

  /** The row check's defects over every table ("rows", "orders.rows", ...) and cohort. */
  private static long defects(ReconcileRun run) {
    long found = 0;
    for (ReconcileResult r : run.cohorts()) {
      for (CheckOutcome rows :
          r.checks().stream()
              .filter(c -> c.check().equals("rows") || c.check().endsWith(".rows"))
              .toList()) {
        for (String n : List.of("missing", "extra", "duplicate_keys", "changed")) {
          found += ((Number) rows.numbers().getOrDefault(n, 0L)).longValue();
        }
      }
    }
    return found;
  }
}
