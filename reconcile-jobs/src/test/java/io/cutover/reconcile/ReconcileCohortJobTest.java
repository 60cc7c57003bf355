package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import io.cutover.transform.RollbackCohortJob;
import io.cutover.transform.RollbackOptions;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a staged demo cohort: what needs the job itself (the stage's hashes vouching for
 * rows, every table's checks named and ordered, reports and the metrics history, legacy changes
 * found through the hashes, the stage run a rollback brings back). Each check's own findings are
 * tested on inline tables in its own test class (RowsCheckTest, IntegrityCheckTest, ...).
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileCohortJobTest {
  private static final Path DEMO_SPEC =
      Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf");
  private static final Instant STAGED_AT = Instant.parse("2026-11-28T12:00:00Z");

  private SparkSession spark;
  private Path work;
  private MigrationSpec spec;
  private long baseline;
  private long key;
  private ReconcileResult clean;
  private ReconcileReports.Written cleanReports;

  @BeforeAll
  void stageCohortZero(SparkSession spark, @TempDir Path work) {
    this.spark = spark;
    this.work = work;
    new DemoDataGenerator(spark, new DemoOptions(3000, 3, work.resolve("legacy").toString())).run();
    spec =
        SpecLoader.load(
            DEMO_SPEC, Map.of(), Map.of("work-dir", work.toString(), "cohorts.count", "2"));
    new StageCohortJob(
            spark,
            spec,
            new StageOptions("c00", StageOptions.Mode.WRITE, "stage-1", STAGED_AT),
            Progress.SILENT)
        .run();
    baseline = table().history(1).select("version").first().getLong(0);
    key = staged().orderBy("customer_id").select("customer_id").first().getLong(0);
  }

  private DeltaTable table() {
    return DeltaTable.forPath(spark, spec.target().stagedPath());
  }

  private Dataset<Row> staged() {
    return spark.read().format("delta").load(spec.target().stagedPath());
  }

  /**
   * Reconciles c00 with the hashes standing in for the rules wherever they apply (this class's
   * subject), though a cohort this small goes through the rules row by row by default.
   */
  private ReconcileResult reconcile() {
    return reconcile(ReconcileOptions.of("c00").withHashesFrom(0));
  }

  /** Reconciles c00 as by default: every row through the rules, the cohort being small. */
  private ReconcileResult reconcileEveryRow() {
    return reconcile(ReconcileOptions.of("c00"));
  }

  private ReconcileResult reconcile(ReconcileOptions options) {
    return new ReconcileCohortJob(spark, spec, options, Progress.SILENT).run().only();
  }

  private CheckOutcome check(ReconcileResult r, String name) {
    return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Plants a defect in the staged table, reconciles, then restores the staged table with Delta time
   * travel.
   */
  private ReconcileResult planted(Consumer<DeltaTable> defect) {
    try {
      defect.accept(table());
      return reconcile();
    } finally {
      table().restoreToVersion(baseline);
    }
  }

  /**
   * Rewrites the legacy customers through {@code change}, keeping the rows as they were under
   * {@code copy}; returns the copy.
   */
  private Path changeLegacy(String copy, java.util.function.UnaryOperator<Dataset<Row>> change) {
    Path legacy = work.resolve("legacy/customers");
    Path kept = work.resolve("legacy/" + copy);
    spark.read().parquet(legacy.toString()).write().parquet(kept.toString());
    change
        .apply(spark.read().parquet(kept.toString()))
        .write()
        .mode("overwrite")
        .parquet(legacy.toString());
    return kept;
  }

  private void append(Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(spec.target().stagedPath());
  }

  @Test
  @Order(1)
  void aCleanCohortPassesWithNoFalseAlarmAndItsReportsAndMetricsAreWritten() {
    ReconcileResult r = reconcile();
    clean = r;
    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    // The demo stages each customer's orders too: their table has the same checks, named for it.
    assertThat(r.checks())
        .extracting(CheckOutcome::check)
        .containsExactly(
            "rules",
            "conservation",
            "integrity",
            "rows",
            "aggregates",
            "drift",
            "values",
            "orders.rules",
            "orders.conservation",
            "orders.integrity",
            "orders.rows",
            "orders.aggregates",
            "orders.drift",
            "orders.values");
    assertThat(r.stageRunId()).isEqualTo("stage-1");
    assertThat(r.stagedVersion()).isEqualTo(baseline);
    // Estimated in the pass that counts the staged rows: few-valued text is counted exactly,
    // near-unique is not.
    assertThat(check(r, "aggregates").message())
        .contains("distinct counts of", "country", "plan")
        .doesNotContain("email", "phone");
    // Most rows are vouched for by the hashes stage recorded; the keys the rules merged,
    // quarantined or excluded are recomputed.
    long stagedRows = (Long) check(r, "rows").numbers().get("staged_rows");
    assertThat((Long) check(r, "rows").numbers().get("vouched_by_hash"))
        .isGreaterThan(stagedRows * 8 / 10)
        .isLessThan(stagedRows);
    // So are the rows quarantined or excluded under an unchanged hash; the merged ones (a key with
    // two legacy rows) are not.
    Map<String, Object> conservation = check(r, "conservation").numbers();
    assertThat((Long) conservation.get("rejected_again_by_hash"))
        .isPositive()
        .isLessThan(
            (Long) conservation.get("quarantined") + (Long) conservation.get("excluded_or_merged"));

    ReconcileReports.Written written = new ReconcileReports(spark, spec).write(r);
    cleanReports = written;
    assertThat(written.json()).isRegularFile();
    assertThat(written.html()).content().contains("Cohort c00", r.verdict().name());
    Row row =
        spark
            .read()
            .format("delta")
            .load(written.verdictsTable())
            .filter(functions.col("run_id").equalTo(r.runId()))
            .first();
    assertThat(row.<String>getAs("verdict")).isEqualTo(r.verdict().name());
    assertThat(row.<String>getAs(StageColumns.COHORT)).isEqualTo("c00");
    Dataset<Row> metrics = metrics(written, r);
    assertThat(value(metrics, "integrity", "Completeness(customer_id)"))
        .as("Deequ's metric behind a constraint")
        .isEqualTo(1.0);
    assertThat(value(metrics, "integrity", "Uniqueness(customer_id)")).isEqualTo(1.0);
    assertThat(value(metrics, "rows", "staged_rows")).isEqualTo((double) stagedRows);
  }

  private Dataset<Row> metrics(ReconcileReports.Written written, ReconcileResult r) {
    return spark
        .read()
        .format("delta")
        .load(written.metricsTable())
        .filter(functions.col("run_id").equalTo(r.runId()));
  }

  /**
   * Every class of defect at once, found through the hashes (the staged rows' hashes no longer
   * match, so their keys are recomputed): each check's own counts are tested on inline tables; this
   * proves the job routes them, fails the cohort, and reports what moved since the clean run.
   */
  @Test
  @Order(2)
  void plantedDefectsAreFoundThroughTheHashesAndTheReportSaysWhatMoved() {
    java.util.List<Long> keys =
        staged()
            .filter("balance % 1 <> 0")
            .orderBy("customer_id")
            .select("customer_id")
            .limit(7)
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0))
            .toList();
    ReconcileResult r =
        planted(
            t -> {
              t.delete(functions.col("customer_id").equalTo(keys.get(0)));
              append(
                  staged()
                      .filter(functions.col("customer_id").equalTo(keys.get(1)))
                      .withColumn("customer_id", functions.lit(999_999_999L)));
              append(staged().filter(functions.col("customer_id").equalTo(keys.get(1))));
              t.updateExpr("customer_id = " + keys.get(2), Map.of("plan", "'legacy-gold'"));
              t.updateExpr(
                  "customer_id = " + keys.get(3),
                  Map.of("last_name", "substring(last_name, 1, 2)"));
              t.updateExpr(
                  "customer_id = " + keys.get(4),
                  Map.of("updated_at", "updated_at + INTERVAL 1 HOUR"));
              t.updateExpr("customer_id = " + keys.get(6), Map.of("balance", "round(balance, 0)"));
              spark.sql(
                  "ALTER TABLE delta.`"
                      + spec.target().stagedPath()
                      + "` ALTER COLUMN email DROP NOT NULL");
              table().updateExpr("customer_id = " + keys.get(5), Map.of("email", "NULL"));
            });

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(check(r, "rows").numbers())
        .containsEntry("missing", 1L)
        .containsEntry("extra", 1L)
        .containsEntry("duplicate_keys", 1L)
        .containsEntry("changed_plan", 1L)
        .containsEntry("changed_last_name", 1L)
        .containsEntry("changed_updated_at", 1L)
        .containsEntry("changed_email", 1L)
        .containsEntry("changed_balance", 1L)
        .containsEntry("changed", 5L);
    List<String> changed =
        keys.subList(2, 7).stream().map(String::valueOf).sorted().limit(3).toList();
    assertThat(check(r, "rows").keys())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "missing",
                List.of(String.valueOf(keys.get(0))),
                "extra",
                List.of("999999999"),
                "duplicated",
                List.of(keys.get(1) + ": 2 rows"),
                "changed",
                changed));
    assertThat(check(r, "integrity").message())
        .contains(
            "UniquenessConstraint(Uniqueness(List(customer_id)",
            "CompletenessConstraint(Completeness(email",
            "1 duplicated keys in this cohort (" + keys.get(1) + ": 2 rows)");
    assertThat(check(r, "conservation").verdict()).isEqualTo(Verdict.FAIL);
    assertThat(check(r, "aggregates").message()).contains("sum(balance)");
    assertThat(check(r, "orders.rows").verdict())
        .as("the orders table is checked on its own")
        .isEqualTo(Verdict.PASS);

    ReconcileReports.Written two = new ReconcileReports(spark, spec).write(r);
    double stagedBefore = value(metrics(cleanReports, clean), "rows", "staged_rows");
    assertThat(two.sincePrevious().runId()).isEqualTo(clean.runId());
    assertThat(two.sincePrevious().changed())
        .as("one row missing, one extra and one duplicated since the clean run")
        .contains(
            new ReconcileMetrics.Change("rows", "missing", 0, 1),
            new ReconcileMetrics.Change("rows", "staged_rows", stagedBefore, stagedBefore + 1));
    assertThat(two.html()).content().contains("Since reconcile run " + clean.runId(), "missing");
    assertThat(two.json()).content().contains("\"since_previous\"", clean.runId());
  }

  private static double value(Dataset<Row> metrics, String check, String metric) {
    return metrics
        .filter(functions.col("check").equalTo(check).and(functions.col("metric").equalTo(metric)))
        .select("value")
        .first()
        .getDouble(0);
  }

  /**
   * Three changes to the legacy source in one run: a row updated after staging (drift, left out), a
   * value changed without its last-updated moving (the hash finds it) and an excluded row changed
   * so that the rules now stage it (recomputed, found missing).
   */
  @Test
  @Order(3)
  void legacyChangesAreDriftOrDefectsAsTheHashesAndLastUpdateSay() {
    long silent =
        staged()
            .filter(
                functions
                    .col("customer_id")
                    .notEqual(key)
                    .and(functions.col("last_name").isNotNull()))
            .orderBy(functions.col("customer_id").desc())
            .select("customer_id")
            .first()
            .getLong(0);
    Dataset<Row> legacy = spark.read().parquet(work.resolve("legacy/customers").toString());
    Dataset<Row> once = legacy.groupBy("customer_id").count().filter("count = 1");
    long reopened =
        spark
            .read()
            .format("delta")
            .load(spec.target().exclusionsPath())
            .filter("run_id = 'stage-1' AND kind = 'excluded'")
            .selectExpr("CAST(get_json_object(raw, '$.customer_id') AS BIGINT) AS customer_id")
            .join(once, "customer_id")
            .orderBy("customer_id")
            .first()
            .getLong(0);
    Path kept =
        changeLegacy(
            "customers-before-changes",
            rows ->
                rows.withColumn(
                        "plan",
                        functions
                            .when(
                                functions.col("customer_id").equalTo(key),
                                functions.lit("pro-2027"))
                            .otherwise(functions.col("plan")))
                    .withColumn(
                        "updated_at",
                        functions
                            .when(
                                functions.col("customer_id").equalTo(key),
                                functions.lit("2027-01-01 00:00:00").cast("timestamp"))
                            .otherwise(functions.col("updated_at")))
                    .withColumn(
                        "last_name",
                        functions
                            .when(
                                functions.col("customer_id").equalTo(silent),
                                functions.concat(functions.col("last_name"), functions.lit("x")))
                            .otherwise(functions.col("last_name")))
                    .withColumn(
                        "notes",
                        functions
                            .when(
                                functions.col("customer_id").equalTo(reopened),
                                functions.lit("Reopened"))
                            .otherwise(functions.col("notes"))));
    try {

      ReconcileResult r = reconcile();

      assertThat(check(r, "drift").verdict()).isEqualTo(Verdict.WARN);
      assertThat(check(r, "drift").numbers()).containsEntry("drift_rows", 1L);
      assertThat(check(r, "drift").message()).contains("needs sync");
      assertThat(check(r, "rows").numbers())
          .as("the drifted row left out; the silent change and the reopened row found")
          .containsEntry("changed", 1L)
          .containsEntry("changed_last_name", 1L)
          .containsEntry("missing", 1L)
          .containsEntry("extra", 0L);
      assertThat(check(r, "rows").keys())
          .containsEntry("changed", List.of(String.valueOf(silent)))
          .containsEntry("missing", List.of(String.valueOf(reopened)));
    } finally {
      spark
          .read()
          .parquet(kept.toString())
          .write()
          .mode("overwrite")
          .parquet(work.resolve("legacy/customers").toString());
    }
  }

  /**
   * Staged, quarantined and excluded rows as a stage from before the hashes wrote them: every key
   * is recomputed, and the cohort gets the verdict and counts it gets with the hashes.
   */
  @Test
  @Order(4)
  void rowsWithoutHashesAreRecomputedNotTrusted() {
    List<DeltaTable> rejected =
        List.of(
            DeltaTable.forPath(spark, spec.target().quarantinePath()),
            DeltaTable.forPath(spark, spec.target().exclusionsPath()));
    List<Long> versions =
        rejected.stream().map(t -> t.history(1).select("version").first().getLong(0)).toList();
    try {
      rejected.forEach(
          t -> t.updateExpr("true", Map.of(StageColumns.REJECTED_SOURCE_HASH, "NULL")));

      ReconcileResult r =
          planted(
              t ->
                  t.updateExpr(
                      "true",
                      Map.of(StageColumns.SOURCE_HASH, "NULL", StageColumns.ROW_HASH, "NULL")));

      assertThat(r.verdict()).as(String.valueOf(r.reasons())).isEqualTo(clean.verdict());
      assertThat(check(r, "rows").verdict()).isEqualTo(Verdict.PASS);
      assertThat(check(r, "rows").numbers())
          .doesNotContainKey("vouched_by_hash")
          .containsEntry("staged_rows", check(clean, "rows").numbers().get("staged_rows"));
      assertThat(check(r, "conservation").verdict()).isEqualTo(Verdict.PASS);
      assertThat(check(r, "conservation").numbers())
          .doesNotContainKey("rejected_again_by_hash")
          .containsEntry("legacy_rows", check(clean, "conservation").numbers().get("legacy_rows"));
    } finally {
      for (int i = 0; i < rejected.size(); i++) {
        rejected.get(i).restoreToVersion(versions.get(i));
      }
    }
  }

  @Test
  @Order(5)
  void aCohortNeverStagedIsAClearErrorNotAPass() {
    assertThatThrownBy(
            () ->
                new ReconcileCohortJob(spark, spec, ReconcileOptions.of("c01"), Progress.SILENT)
                    .run())
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort c01 was never staged");
  }

  @Test
  @Order(6)
  void afterARollbackTheCohortIsCheckedAgainstTheRunItHoldsAgainAndStatusFollows() {
    ReconcileResult before = reconcileEveryRow();
    new ReconcileReports(spark, spec).write(before);
    assertThat(status("c00").state().name()).isEqualTo(before.verdict().name());
    assertThat(status("c01").state()).isEqualTo(CohortStatus.State.NOT_STAGED);
    new StageCohortJob(
            spark,
            spec,
            new StageOptions("c00", StageOptions.Mode.WRITE, "stage-2", STAGED_AT),
            Progress.SILENT)
        .run();
    CohortStatus restaged = status("c00");
    assertThat(restaged.state())
        .as("the verdict was on stage-1, which it no longer holds")
        .isEqualTo(CohortStatus.State.STAGED);
    assertThat(restaged.stageRunId()).isEqualTo("stage-2");
    assertThat(restaged.verdictIsStale()).isTrue();

    new RollbackCohortJob(
            spark,
            spec,
            new RollbackOptions("c00", false, "rollback-1", STAGED_AT),
            Progress.SILENT)
        .run();
    assertThat(status("c00").state().name())
        .as("stage-1 is back, and its verdict counts again")
        .isEqualTo(before.verdict().name());
    assertThat(status("c00").verdictIsStale()).isFalse();
    ReconcileResult r = reconcileEveryRow();

    assertThat(r.stageRunId()).isEqualTo("stage-1");
    assertThat(r.verdict())
        .as(String.valueOf(r.reasons()))
        .isEqualTo(before.verdict())
        .isNotEqualTo(Verdict.FAIL);
    assertThat(r.reasons())
        .as("the same findings, measured from stage-1")
        .isEqualTo(before.reasons());

    new RollbackCohortJob(
            spark,
            spec,
            new RollbackOptions("c00", false, "rollback-2", STAGED_AT),
            Progress.SILENT)
        .run();
    assertThatThrownBy(this::reconcileEveryRow)
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort c00 holds no stage run: every one was rolled back");
    assertThat(status("c00").state()).isEqualTo(CohortStatus.State.ROLLED_BACK);
  }

  private CohortStatus status(String cohort) {
    return new StatusJob(spark, spec, List.of(cohort), Progress.SILENT).run().get(0);
  }
}
