package io.cutover.transform;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Where a cohort's rows went, counted once over the rules' result or read back from the written
 * tables.
 */
final class Counts {
  /** The staged rows' mark in {@link #fromTables}' one count over the three tables. */
  private static final String STAGED = "_staged";

  long total;
  long staged;
  long quarantined;
  long excluded;
  long merged;
  final Map<String, Long> byRule = new LinkedHashMap<>();

  /**
   * One aggregation over the rows the rules produced, per cohort (cohorts without rows are absent).
   * Staged rows a rule changed lossily, as the spec allowed, are counted per rule too: "rounded
   * cast:balance" -> rows.
   */
  static Map<String, Counts> byCohort(Dataset<Row> rows) {
    Column outcome = rows.col(StageColumns.OUTCOME);
    Map<String, Counts> out = new TreeMap<>();
    for (Row r :
        rows.groupBy(
                rows.col(StageColumns.COHORT),
                outcome.getField("kind").as("kind"),
                outcome.getField("rule").as("rule"),
                rows.col(StageColumns.LOSSY).as("lossy"))
            .count()
            .orderBy(StageColumns.COHORT, "kind", "rule")
            .collectAsList()) {
      Counts c = out.computeIfAbsent(r.getString(0), k -> new Counts());
      long n = r.getLong(4);
      c.total += n;
      if (r.isNullAt(1)) {
        c.staged += n;
        r.<String>getList(3).forEach(change -> c.byRule.merge(change, n, Long::sum));
        continue;
      }
      c.add(r.getString(1), n);
      c.byRule.merge(r.getString(1) + " " + r.getString(2), n, Long::sum);
    }
    return out;
  }

  /**
   * The same numbers per cohort from the tables as committed, for the conservation check: the
   * staged rows of {@code cohorts} at {@code stagedVersion}, and the quarantined and excluded rows
   * whose run id is {@code runIdOf(cohort)}. Counts of rows, so Delta reads file footers and the
   * cohort and run id columns only.
   */
  static Map<String, Counts> fromTables(
      SparkSession spark, TargetSpec target, Column cohorts, Column runIdOf, long stagedVersion) {
    Column ofRun = cohorts.and(functions.col("run_id").equalTo(runIdOf));
    Column cohort = functions.col(StageColumns.COHORT);
    // One job for the three tables: each Spark job costs a good part of a second on small data.
    Dataset<Row> staged =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", stagedVersion)
            .load(target.stagedPath())
            .filter(cohorts)
            .select(cohort, functions.lit(STAGED).as("_kind"));
    Dataset<Row> quarantined =
        spark
            .read()
            .format("delta")
            .load(target.quarantinePath())
            .filter(ofRun)
            .select(cohort, functions.lit(StageColumns.QUARANTINE).as("_kind"));
    Dataset<Row> excluded =
        spark
            .read()
            .format("delta")
            .load(target.exclusionsPath())
            .filter(ofRun)
            .select(cohort, functions.col("kind").as("_kind"));
    Map<String, Counts> out = new TreeMap<>();
    for (Row r :
        staged
            .unionAll(quarantined)
            .unionAll(excluded)
            .groupBy(StageColumns.COHORT, "_kind")
            .count()
            .collectAsList()) {
      Counts c = out.computeIfAbsent(r.getString(0), k -> new Counts());
      if (STAGED.equals(r.getString(1))) {
        c.staged = r.getLong(2);
      } else {
        c.add(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** The counts of several cohorts added up, rule by rule. */
  static Counts sum(Collection<Counts> cohorts) {
    Counts c = new Counts();
    for (Counts one : cohorts) {
      c.total += one.total;
      c.staged += one.staged;
      c.quarantined += one.quarantined;
      c.excluded += one.excluded;
      c.merged += one.merged;
      one.byRule.forEach((rule, n) -> c.byRule.merge(rule, n, Long::sum));
    }
    return c;
  }

  /** The source rows these counts account for. */
  long accounted() {
    return staged + quarantined + excluded + merged;
  }

  private void add(String kind, long n) {
    switch (kind) {
      case StageColumns.QUARANTINE -> quarantined += n;
      case StageColumns.EXCLUDED -> excluded += n;
      case StageColumns.MERGED -> merged += n;
      default -> throw new IllegalStateException("unknown outcome " + kind);
    }
  }
}
