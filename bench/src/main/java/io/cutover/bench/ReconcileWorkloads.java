package io.cutover.bench;

import io.cutover.core.rules.Sql;
import io.cutover.core.run.Progress;
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
 * What {@code bench/run reconcile} times on a staged table with planted defects: two plain
 * comparisons of the staged table as committed (the expected rows, given for free) with its current
 * state, and the reconcile, which must first recompute the expected rows from the legacy source
 * through the rules. Each returns the differences it found.
 */
final class ReconcileWorkloads {
  /**
   * The spec the cohorts were staged with, the staged table's version before the defects, and the
   * cohort of (d).
   */
  record Subject(MigrationSpec spec, long committedVersion, String cohort) {
    String key() {
      return spec.customers().key().get(0);
    }

    Dataset<Row> committed(SparkSession spark) {
      return spark
          .read()
          .format("delta")
          .option("versionAsOf", committedVersion)
          .load(spec.target().stagedPath());
    }

    Dataset<Row> current(SparkSession spark) {
      return spark.read().format("delta").load(spec.target().stagedPath());
    }
  }

  private static final String FOUND = "defects found (missing + extra + duplicated + changed)";

  static final Measured<Subject> KEYED_DIFF =
      Measured.of(
          "a",
          "keyed diff: full outer join on the key, xxhash64 of the rest",
          "rows that differ",
          ReconcileWorkloads::keyedDiff);
  static final Measured<Subject> EXCEPT_ALL =
      Measured.<Subject>of(
              "b",
              "exceptAll in both directions",
              "rows that differ",
              (spark, subject, progress) -> {
                Dataset<Row> e = subject.committed(spark);
                Dataset<Row> a = subject.current(spark);
                return e.exceptAll(a).count() + a.exceptAll(e).count();
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

  private static long keyedDiff(SparkSession spark, Subject subject, Progress progress) {
    Dataset<Row> e = hashed(subject.committed(spark), subject.key(), "e");
    Dataset<Row> a = hashed(subject.current(spark), subject.key(), "a");
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

  private static long defects(ReconcileRun run) {
    long found = 0;
    for (ReconcileResult r : run.cohorts()) {
      CheckOutcome rows =
          r.checks().stream().filter(c -> c.check().equals("rows")).findFirst().orElseThrow();
      for (String n : List.of("missing", "extra", "duplicate_keys", "changed")) {
        found += ((Number) rows.numbers().getOrDefault(n, 0L)).longValue();
      }
    }
    return found;
  }
}
