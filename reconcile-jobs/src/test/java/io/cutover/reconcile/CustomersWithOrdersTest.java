package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import io.cutover.transform.RollbackCohortJob;
import io.cutover.transform.RollbackOptions;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.cutover.transform.StageResult;
import io.delta.tables.DeltaTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-table legacy, customers with their orders, staged, reconciled and rolled back as one
 * cohort: no order stages without its customer, every table adds up on its own, and a defect in a
 * staged order fails the cohort. Orders are vouched for by their hashes unless their customer is a
 * suspect; changes to either legacy table are found through them. The values that used to stage
 * with another meaning (a French national number under Spanish and French defaults, a balance
 * written 1.234,56 under a ',' grouping rule) are quarantined, and so are their customers' orders.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomersWithOrdersTest {
  private static final Instant STAGED_AT = Instant.parse("2026-11-28T12:00:00Z");
  private static final StructType CUSTOMERS =
      new StructType()
          .add("customer_id", DataTypes.LongType)
          .add("email", DataTypes.StringType)
          .add("notes", DataTypes.StringType)
          .add("updated_at", DataTypes.TimestampType)
          .add("phone", DataTypes.StringType)
          .add("balance", DataTypes.StringType);
  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.LongType)
          .add("customer_id", DataTypes.LongType)
          .add("amount", DataTypes.StringType);

  private SparkSession spark;
  private Path work;
  private MigrationSpec spec;
  private StageResult staged;

  @BeforeAll
  void stage(SparkSession spark, @TempDir Path work) throws Exception {
    this.spark = spark;
    this.work = work;
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    1L,
                    "ann@example.com",
                    null,
                    Timestamp.valueOf("2026-01-01 00:00:00"),
                    "+33 6 12 34 56 78",
                    "1,234.56"),
                RowFactory.create(
                    2L, null, null, Timestamp.valueOf("2026-01-01 00:00:00"), null, null),
                RowFactory.create(
                    3L,
                    "cy@example.com",
                    "close",
                    Timestamp.valueOf("2026-01-01 00:00:00"),
                    null,
                    null),
                RowFactory.create(
                    4L,
                    "old@example.com",
                    null,
                    Timestamp.valueOf("2025-01-01 00:00:00"),
                    null,
                    null),
                RowFactory.create(
                    4L,
                    "dan@example.com",
                    null,
                    Timestamp.valueOf("2026-01-01 00:00:00"),
                    null,
                    "12.50"),
                // valid in Spain (+34 612 345 678) and in France (+33 6 12 34 56 78): which is
                // meant?
                RowFactory.create(
                    5L,
                    "eve@example.com",
                    null,
                    Timestamp.valueOf("2026-01-01 00:00:00"),
                    "612 345 678",
                    null),
                // 1234.56 written the German way: a ',' grouping rule must not read it as 1.23
                RowFactory.create(
                    6L,
                    "fay@example.com",
                    null,
                    Timestamp.valueOf("2026-01-01 00:00:00"),
                    null,
                    "1.234,56")),
            CUSTOMERS)
        .write()
        .parquet(work.resolve("legacy/customers").toString());
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(10L, 1L, "10.50"),
                RowFactory.create(11L, 1L, "11.00"),
                RowFactory.create(12L, 1L, "12.25"),
                RowFactory.create(13L, 1L, "not a number"),
                RowFactory.create(20L, 2L, "20.00"),
                RowFactory.create(30L, 3L, "30.00"),
                RowFactory.create(40L, 4L, "40.00"),
                RowFactory.create(50L, 99L, "50.00"),
                RowFactory.create(51L, 5L, "51.00"),
                RowFactory.create(61L, 6L, "61.00")),
            ORDERS)
        .write()
        .parquet(work.resolve("legacy/orders").toString());
    Path file = work.resolve("spec.conf");
    Files.writeString(
        file,
        """
                name = two-tables
                work-dir = "%s"
                sources {
                  customers { format = parquet, path = "legacy/customers", key = [customer_id] }
                  orders {
                    format = parquet, path = "legacy/orders", key = [order_id]
                    references = [{ column = customer_id, to = customers }]
                  }
                }
                cohorts { source = customers, count = 1, seed = 7 }
                target {
                  table = customers
                  path = staged
                  tables.orders.checks = [{ name = amount_positive, expression = "amount > 0" }]
                }
                rules {
                  customers = [
                    { type = validate, name = email-present, expression = "email IS NOT NULL", reason = "no email" }
                    { type = exclude, name = closed, expression = "notes = 'close'", reason = "asked to close" }
                    { type = deduplicate, key = [customer_id], keep = latest, order-by = updated_at }
                    { type = normalize-phone, column = phone, default-region = [ES, FR], on-fail = quarantine }
                    { type = cast, column = balance, to = "decimal(18,2)", grouping-separator = ",", on-fail = quarantine }
                  ]
                  orders = [
                    { type = cast, column = amount, to = "decimal(12,2)", on-fail = quarantine }
                  ]
                }
                """
            .formatted(work.toString().replace("\\", "/")));
    spec = SpecLoader.load(file);
    staged =
        new StageCohortJob(
                spark,
                spec,
                new StageOptions("c00", StageOptions.Mode.WRITE, "stage-1", STAGED_AT),
                Progress.SILENT)
            .run();
  }

  private Dataset<Row> read(String path) {
    return spark.read().format("delta").load(path);
  }

  private String orders() {
    return spec.targetOf("orders").stagedPath();
  }

  private List<Long> ids(String path, String column) {
    return read(path).orderBy(column).select(column).collectAsList().stream()
        .map(r -> r.getLong(0))
        .toList();
  }

  private Row quarantined(long customer) {
    return read(spec.target().quarantinePath())
        .filter("raw LIKE '%\"customer_id\":" + customer + ",%'")
        .first();
  }

  private String rule(long customer) {
    return quarantined(customer).getAs("rule");
  }

  private String reason(long customer) {
    return quarantined(customer).getAs("reason");
  }

  private CheckOutcome check(ReconcileResult r, String name) {
    return r.checks().stream().filter(c -> c.check().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Reconciles c00 with the hashes standing in for the rules wherever they apply, however few rows.
   */
  private ReconcileResult reconcile() {
    return new ReconcileCohortJob(
            spark, spec, ReconcileOptions.of("c00").withHashesFrom(0), Progress.SILENT)
        .run()
        .only();
  }

  /**
   * Reconciles with the legacy {@code source} ("customers" or "orders") rewritten through {@code
   * change}, then puts the legacy rows back.
   */
  private ReconcileResult withLegacy(String source, UnaryOperator<Dataset<Row>> change) {
    Path legacy = work.resolve("legacy/" + source);
    Path kept = work.resolve("legacy/" + source + "-kept");
    spark.read().parquet(legacy.toString()).write().parquet(kept.toString());
    try {
      change
          .apply(spark.read().parquet(kept.toString()))
          .write()
          .mode("overwrite")
          .parquet(legacy.toString());
      return reconcile();
    } finally {
      spark.read().parquet(kept.toString()).write().mode("overwrite").parquet(legacy.toString());
      deleteTree(kept);
    }
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code column} set to {@code value} on the row of {@code key} in {@code keyColumn}. */
  private static Column setWhere(String keyColumn, long key, String column, Object value) {
    return functions
        .when(functions.col(keyColumn).equalTo(key), functions.lit(value))
        .otherwise(functions.col(column));
  }

  @Test
  @Order(1)
  void ordersStageWithTheirCustomersOnly() {
    assertThat(ids(spec.target().stagedPath(), "customer_id"))
        .as("1 stages, 4 once (merged on its key)")
        .containsExactly(1L, 4L);
    assertThat(ids(orders(), "order_id"))
        .as("the good orders of staged customers, 40 following the survivor of a merge")
        .containsExactly(10L, 11L, 12L, 40L);
    Map<String, String> reasons = new TreeMap<>();
    read(spec.targetOf("orders").quarantinePath())
        .collectAsList()
        .forEach(
            r ->
                reasons.put(
                    r.<String>getAs("raw").replaceAll(".*\"order_id\":(\\d+).*", "$1"),
                    r.getAs("rule") + ": " + r.getAs("reason")));
    assertThat(reasons)
        .containsExactly(
            Map.entry("13", "cast:amount: amount: cannot be read as decimal(12,2)"),
            Map.entry(
                "20",
                "references-customers: parent customers customer_id 2 quarantined by rule email-present"),
            Map.entry(
                "30",
                "references-customers: parent customers customer_id 3 excluded by rule closed"),
            Map.entry("50", "references-customers: no customers customer_id 99 (orphan)"),
            Map.entry(
                "51",
                "references-customers: parent customers customer_id 5 quarantined by rule "
                    + rule(5L)),
            Map.entry(
                "61",
                "references-customers: parent customers customer_id 6 quarantined by rule "
                    + rule(6L)));
    assertThat(read(spec.target().quarantinePath()).count())
        .as("customers keep their own quarantine")
        .isEqualTo(3);
    assertThat(rule(5L))
        .as("an ambiguous national number is not given a country")
        .contains("phone");
    assertThat(reason(5L)).contains("ES", "FR");
    assertThat(rule(6L)).as("1.234,56 is no number under ',' grouping").contains("balance");
    assertThat(
            read(spec.target().stagedPath())
                .filter("customer_id = 1")
                .first()
                .<java.math.BigDecimal>getAs("balance"))
        .as("1,234.56 read whole")
        .isEqualByComparingTo("1234.56");
  }

  @Test
  @Order(2)
  void everyTableAddsUpOnItsOwnInTheRunRecord() {
    assertThat(staged.tables())
        .extracting(StageResult.Table::table)
        .containsExactly("customers", "orders");
    StageResult.Table orders = staged.tables().get(1);
    assertThat(
            List.of(
                orders.sourceRows(),
                orders.staged(),
                orders.quarantined(),
                orders.excluded(),
                orders.merged()))
        .as("orders: source, staged, quarantined, excluded, merged")
        .containsExactly(10L, 4L, 6L, 0L, 0L);
    assertThat(
            List.of(
                staged.sourceRows(),
                staged.staged(),
                staged.quarantined(),
                staged.excluded(),
                staged.merged()))
        .as("customers")
        .containsExactly(7L, 2L, 3L, 1L, 1L);
    assertThat(staged.conserved()).isTrue();
    Row run = read(spec.target().runsPath()).first();
    assertThat(run.<Row>getList(run.fieldIndex("tables")))
        .extracting(t -> t.<String>getAs("table") + " " + t.<Long>getAs("staged"))
        .containsExactly("customers 2", "orders 4");
    assertThat(
            new StatusJob(spark, spec, List.of("c00"), Progress.SILENT)
                .run()
                .get(0)
                .stagedByTable())
        .as("status shows every table of the cohort")
        .containsExactly(Map.entry("customers", 2L), Map.entry("orders", 4L));
  }

  @Test
  @Order(3)
  void theCohortReconcilesOverBothTables() {
    ReconcileResult r = reconcile();
    assertThat(r.reasons()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
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
    assertThat(check(r, "orders.conservation").numbers())
        .containsEntry("legacy_rows", 10L)
        .containsEntry("staged", 4L)
        .containsEntry("quarantined", 6L);
    // Orders are vouched for by their own hashes like customers, but not under a suspect customer:
    // 4 has two legacy rows (a merge), so order 40 is recomputed, after customer 4's rules.
    assertThat(check(r, "orders.rows").numbers())
        .as("orders 10, 11 and 12 by their hashes; 40 recomputed")
        .containsEntry("staged_rows", 4L)
        .containsEntry("vouched_by_hash", 3L);
    assertThat(check(r, "orders.conservation").numbers())
        .as("13 (its amount), 20, 30, 51, 61 (their customers) and 50 (orphan) rejected again")
        .containsEntry("rejected_again_by_hash", 6L);
  }

  @Test
  @Order(4)
  void aTamperedOrderFailsTheCohortOnTheOrdersTable() {
    DeltaTable table = DeltaTable.forPath(spark, orders());
    long version = table.history(1).select("version").first().getLong(0);
    try {
      table.updateExpr("order_id = 11", Map.of("amount", "amount + 1"));
      ReconcileResult r = reconcile();
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(check(r, "orders.rows").verdict()).isEqualTo(Verdict.FAIL);
      assertThat(check(r, "orders.rows").numbers())
          .as("its hashes no longer vouch for order 11")
          .containsEntry("changed", 1L)
          .containsEntry("changed_amount", 1L)
          .containsEntry("vouched_by_hash", 2L);
      assertThat(check(r, "orders.rows").keys()).containsEntry("changed", List.of("11"));
      assertThat(check(r, "rows").verdict())
          .as("the customers table is untouched")
          .isEqualTo(Verdict.PASS);
    } finally {
      table.restoreToVersion(version);
    }
  }

  /**
   * Two customers changed in legacy since staging, their staged rows untouched: 1 loses its email
   * (now quarantined), 2 gains one (now staged). Their orders' own hashes still match, but their
   * customers are suspects, so the orders are recomputed and follow them.
   */
  @Test
  @Order(5)
  void ordersOfACustomerChangedInLegacyFollowItsNewOutcome() {
    ReconcileResult r =
        withLegacy(
            "customers",
            rows ->
                rows.withColumn("email", setWhere("customer_id", 1L, "email", null))
                    .withColumn("email", setWhere("customer_id", 2L, "email", "bo@example.com")));

    assertThat(check(r, "rows").keys())
        .containsEntry("extra", List.of("1"))
        .containsEntry("missing", List.of("2"));
    assertThat(check(r, "orders.rows").verdict()).isEqualTo(Verdict.FAIL);
    assertThat(check(r, "orders.rows").numbers())
        .as("1's staged orders are now extra, 2's order missing; none vouched for")
        .containsEntry("extra", 3L)
        .containsEntry("missing", 1L)
        .containsEntry("changed", 0L)
        .doesNotContainKey("vouched_by_hash");
    assertThat(check(r, "orders.rows").keys())
        .containsEntry("extra", List.of("10", "11", "12"))
        .containsEntry("missing", List.of("20"));
    assertThat(check(r, "orders.conservation").numbers())
        .as("30, 50, 51 and 61 still rejected again; 13 and 20 recomputed with their customers")
        .containsEntry("legacy_rows", 10L)
        .containsEntry("rejected_again_by_hash", 4L);
  }

  /**
   * Two orders changed in legacy: the orphan 50 and 11, whose customer is vouched for. Both are
   * recomputed with the outcome of the customer they reference (none for 50): the orphan is
   * quarantined again as it was, the new amount of 11 is found.
   */
  @Test
  @Order(6)
  void changedOrdersAreRecomputedWithTheCustomersTheyReference() {
    ReconcileResult r =
        withLegacy(
            "orders",
            rows ->
                rows.withColumn("amount", setWhere("order_id", 50L, "amount", "55.00"))
                    .withColumn("amount", setWhere("order_id", 11L, "amount", "11.50")));

    assertThat(check(r, "orders.rows").numbers())
        .containsEntry("missing", 0L)
        .containsEntry("extra", 0L)
        .containsEntry("changed", 1L)
        .containsEntry("changed_amount", 1L)
        .containsEntry("vouched_by_hash", 2L);
    assertThat(check(r, "orders.rows").keys()).containsEntry("changed", List.of("11"));
    assertThat(check(r, "orders.conservation").verdict())
        .as("the orphan is quarantined again, as staged")
        .isEqualTo(Verdict.PASS);
    assertThat(check(r, "orders.conservation").numbers())
        .containsEntry("quarantined", 6L)
        .containsEntry("rejected_again_by_hash", 5L);
    assertThat(check(r, "rows").verdict()).as("no customer changed").isEqualTo(Verdict.PASS);
  }

  @Test
  @Order(7)
  void rollbackEmptiesBothTablesOfTheCohortInOneStep() {
    new RollbackCohortJob(
            spark,
            spec,
            new RollbackOptions("c00", false, "rollback-1", Instant.now()),
            Progress.SILENT)
        .run();
    assertThat(read(spec.target().stagedPath()).filter(StageColumns.COHORT + " = 'c00'").count())
        .isZero();
    assertThat(read(orders()).filter(StageColumns.COHORT + " = 'c00'").count()).isZero();
  }
}
