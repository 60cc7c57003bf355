package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.demo.GroundTruth;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecException;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.DemoData;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Staging the demo data with the demo's rules, cohort by cohort, against the generator's ground
 * truth.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StageCohortJobTest {
  static final Path DEMO_SPEC = DemoData.DEMO_SPEC;

  /** The demo data every class of this module stages (shared, read-only). */
  static final long ROWS = 4000;

  static final long SEED = 11;
  static final Map<String, String> FOUR_COHORTS = Map.of("cohorts.count", "4");
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";

  private SparkSession spark;
  private Path work;
  private MigrationSpec spec;
  private DemoData demo;
  private GroundTruth truth;
  private final Map<String, StageResult> results = new HashMap<>();

  @BeforeAll
  void generate(SparkSession spark, @TempDir Path work) {
    this.spark = spark;
    this.work = work;
    demo = DemoData.of(spark, ROWS, SEED);
    truth = demo.truth();
    spec = demo.spec(work, FOUR_COHORTS);
  }

  private StageResult stage(String cohort, StageOptions.Mode mode) {
    return new StageCohortJob(
            spark,
            spec,
            new StageOptions(cohort, mode, "run-" + cohort + "-" + System.nanoTime(), NOW),
            Progress.SILENT)
        .run();
  }

  private Dataset<Row> staged() {
    return spark.read().format("delta").load(spec.target().stagedPath());
  }

  private List<Row> snapshot(String cohort) {
    return staged()
        .filter(functions.col(StageColumns.COHORT).equalTo(cohort))
        .orderBy("customer_id", "updated_at")
        .collectAsList();
  }

  @Test
  @Order(1)
  void aDryRunCountsAndShowsMaskedSamplesButWritesNothing() {
    StageResult dry = stage("c00", StageOptions.Mode.DRY_RUN);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.conserved()).isTrue();
    assertThat(dry.quarantined()).as("c00 holds some planted defects").isPositive();
    assertThat(Files.exists(Path.of(spec.target().stagedPath()))).as("no staged table").isFalse();
    assertThat(dry.samples()).isNotEmpty();
    assertThat(dry.tables())
        .as("every staged table counted")
        .extracting(StageResult.Table::table)
        .containsExactly("customers", "orders");
    StageResult.Table orders = dry.tables().get(1);
    assertThat(orders.quarantined()).as("orphans and orders of rejected customers").isPositive();
    assertThat(dry.samples().keySet())
        .as("orders' quarantined rows are sampled too, under their table")
        .anyMatch(k -> k.startsWith("orders / "));
    assertThat(
            dry.samples().entrySet().stream()
                .filter(e -> e.getKey().startsWith("orders / "))
                .mapToLong(e -> e.getValue().size())
                .sum())
        .isLessThanOrEqualTo(orders.quarantined());
    assertThat(
            dry.samples().entrySet().stream()
                .filter(e -> !e.getKey().startsWith("orders / "))
                .flatMap(e -> e.getValue().stream()))
        .allSatisfy(
            json ->
                assertThat(json)
                    .as("emails are masked")
                    .containsPattern("\"email\":\"(.\\*\\*\\*@|null)"));
  }

  @Test
  @Order(2)
  void everyCohortIsConservedAndEveryPlantedCorruptValueIsRepairedOrQuarantined() {
    long source = 0;
    for (String cohort : spec.cohorts().ids()) {
      StageResult r = stage(cohort, StageOptions.Mode.WRITE);
      results.put(cohort, r);
      assertThat(r.conserved()).as("conservation of " + cohort).isTrue();
      long quarantined =
          spark
              .read()
              .format("delta")
              .load(spec.target().quarantinePath())
              .filter(functions.col("run_id").equalTo(r.runId()))
              .count();
      long excluded =
          spark
              .read()
              .format("delta")
              .load(spec.target().exclusionsPath())
              .filter(functions.col("run_id").equalTo(r.runId()))
              .count();
      assertThat(snapshot(cohort).size() + quarantined + excluded)
          .as("the tables account for every source row of " + cohort)
          .isEqualTo(r.sourceRows());
      source += r.sourceRows();
    }
    assertThat(source).as("cohorts partition the source").isEqualTo(ROWS);

    Dataset<Row> quarantine = spark.read().format("delta").load(spec.target().quarantinePath());
    assertThat(quarantine.filter("rule = 'normalize-email:email'").count())
        .as("invalid emails, quarantined by the first rule that sees them")
        .isEqualTo(truth.defect("customers", "invalid-email").rows());
    LegacyExpectation expected = LegacyExpectation.of(spark, demo);
    assertThat(quarantine.filter("rule = 'cast:signup_date'").count())
        .as("impossible dates on rows with a valid email, counted with java.time")
        .isEqualTo(expected.unparseableDates())
        .isPositive();
    assertThat(quarantine.filter("rule = 'normalize-phone:phone'").count())
        .as("every demo phone is a valid number of its row's country")
        .isZero();
    assertThat(quarantine.filter("rule = 'cast:signup_date'").select("reason").first().getString(0))
        .contains("signup_date: cannot be read as date");

    Dataset<Row> staged = staged();
    assertThat(staged.count())
        .isEqualTo(results.values().stream().mapToLong(StageResult::staged).sum());
    assertThat(staged.filter(functions.not(functions.col("email").rlike(EMAIL))).count())
        .as("no invalid email staged")
        .isZero();
    assertThat(staged.filter(functions.col("first_name").contains("Ã")).count())
        .as("mojibake repaired")
        .isZero();
    Map<Long, LegacyExpectation.Customer> stagedCustomers = new HashMap<>();
    for (Row r : staged.select("customer_id", "first_name", "signup_date").collectAsList()) {
      stagedCustomers.put(
          r.getLong(0),
          new LegacyExpectation.Customer(
              r.getString(1), r.isNullAt(2) ? null : r.getDate(2).toLocalDate()));
    }
    assertThat(stagedCustomers)
        .as(
            "each staged customer, with its name repaired and its date parsed, as worked out in"
                + " plain Java from the legacy rows (%d of them with a garbled name)",
            expected.repairedNames())
        .isEqualTo(expected.staged());
    assertThat(expected.repairedNames())
        .as("staged customers whose legacy name was garbled")
        .isPositive();
    assertThat(staged.filter(functions.col("balance").isNull()).count())
        .as("balances with thousands separators parsed")
        .isZero();
    assertThat(staged.filter(functions.not(functions.col("phone").startsWith("+"))).count())
        .as("phones in E.164")
        .isZero();
    assertThat(staged.groupBy("customer_id").count().filter("count > 1").count())
        .as("one row per key")
        .isZero();
    long merged = results.values().stream().mapToLong(StageResult::merged).sum();
    assertThat(merged)
        .as("duplicates merged")
        .isPositive()
        .isLessThanOrEqualTo(truth.defect("customers", "duplicate-key").keys());
    assertThat(
            staged
                .filter(
                    functions.array_contains(functions.col(StageColumns.ACTIONS), "password-reset"))
                .count())
        .as("flagged")
        .isPositive();
    assertThat(staged.columns())
        .doesNotContain("fax", "legacy_flag", "middle_name", "referral_code", "is_active");
  }

  @Test
  @Order(3)
  void restagingACohortGivesIdenticalContentAndLeavesOtherCohortsAlone() {
    List<Row> c01 = snapshot("c01");
    List<Row> c02 = snapshot("c02");

    StageResult again = stage("c01", StageOptions.Mode.WRITE);

    assertThat(again.stagedVersion())
        .as("a new commit")
        .isGreaterThan(results.get("c01").stagedVersion());
    assertThat(snapshot("c01")).as("same rows, no duplicates").isEqualTo(c01);
    assertThat(snapshot("c02")).as("cohort c02 untouched").isEqualTo(c02);
    assertThat(again.staged()).isEqualTo(results.get("c01").staged());
  }

  @Test
  @Order(4)
  void theRunRecordIsInTheRunsTableAndOnDisk() {
    StageResult r = results.get("c03");
    Row run =
        spark
            .read()
            .format("delta")
            .load(spec.target().runsPath())
            .filter(functions.col("run_id").equalTo(r.runId()))
            .first();
    assertThat(run.<Long>getAs("source_rows")).isEqualTo(r.sourceRows());
    assertThat(run.<String>getAs("rules_hash")).isEqualTo(r.rulesHash()).hasSize(64);
    assertThat(run.<Long>getAs("staged_version")).isEqualTo(r.stagedVersion());
    assertThat(new StageRunLog(spark, spec).jsonPath(r)).isRegularFile();
  }

  @Test
  @Order(5)
  void stagingAllCohortsInOneRunGivesTheSameTableAndOneRecordPerCohort() {
    List<Row> before = staged().orderBy("customer_id", "updated_at").collectAsList();

    StageResult all =
        new StageCohortJob(
                spark,
                spec,
                new StageOptions(StageOptions.ALL_COHORTS, StageOptions.Mode.WRITE, "run-all", NOW),
                Progress.SILENT)
            .run();

    assertThat(all.cohort()).isEqualTo("all");
    assertThat(all.sourceRows()).as("every source row, once").isEqualTo(ROWS);
    assertThat(all.conserved()).isTrue();
    assertThat(staged().orderBy("customer_id", "updated_at").collectAsList())
        .as("the same rows as staging cohort by cohort")
        .isEqualTo(before);
    Dataset<Row> runs =
        spark
            .read()
            .format("delta")
            .load(spec.target().runsPath())
            .filter(functions.col("run_id").startsWith("run-all-"));
    assertThat(runs.select("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .as("one record per cohort, each with its own run id")
        .containsExactlyInAnyOrder("run-all-c00", "run-all-c01", "run-all-c02", "run-all-c03");
    for (Row run : runs.collectAsList()) {
      StageResult alone = results.get(run.<String>getAs(StageColumns.COHORT));
      assertThat(run.<Long>getAs("source_rows"))
          .as("source rows of " + alone.cohort())
          .isEqualTo(alone.sourceRows());
      assertThat(run.<Long>getAs("quarantined"))
          .as("quarantined of " + alone.cohort())
          .isEqualTo(alone.quarantined());
      assertThat(run.<Long>getAs("merged"))
          .as("merged of " + alone.cohort())
          .isEqualTo(alone.merged());
      assertThat(run.<Long>getAs("staged_version")).isEqualTo(all.stagedVersion());
    }
    long quarantinedC01 =
        spark
            .read()
            .format("delta")
            .load(spec.target().quarantinePath())
            .filter(functions.col("run_id").equalTo("run-all-c01"))
            .count();
    assertThat(quarantinedC01)
        .as("quarantined rows carry their cohort's run id")
        .isEqualTo(results.get("c01").quarantined());
  }

  @Test
  @Order(6)
  void theStagedTableRejectsRowsThatBreakTheDeclaredSchemaWhoeverWritesThem() {
    Dataset<Row> one = staged().limit(1);
    assertThatThrownBy(
            () ->
                one.withColumn("email", functions.lit(null).cast("string"))
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(spec.target().stagedPath()))
        .as("NOT NULL email")
        .hasMessageContaining("NOT NULL constraint violated");
    assertThatThrownBy(
            () ->
                one.withColumn("balance", functions.lit("5000000").cast("decimal(18,2)"))
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(spec.target().stagedPath()))
        .as("CHECK balance_in_range")
        .hasMessageContaining("balance_in_range");
  }

  @Test
  @Order(7)
  void anUnknownCohortIsBadInput() {
    assertThatThrownBy(() -> stage("c09", StageOptions.Mode.WRITE))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining("cohort 'c09' is not one of this migration's cohorts c00 ... c03");
    assertThatThrownBy(() -> stage("../c00", StageOptions.Mode.WRITE))
        .hasMessageContaining("is not valid");
  }

  @Test
  @Order(8)
  void aRuleNamingAMissingColumnFailsWithItsLineBeforeAnyDataIsRead() throws Exception {
    String text =
        Files.readString(DEMO_SPEC)
            .replace("{ type = cast, column = signup_date,", "{ type = cast, column = signup_dt,");
    Path typo = work.resolve("typo.conf");
    Files.writeString(typo, text);
    int line =
        text.lines()
                .toList()
                .indexOf(
                    text.lines().filter(l -> l.contains("signup_dt")).findFirst().orElseThrow())
            + 1;
    Map<String, String> overrides = new HashMap<>(demo.overrides(work));
    overrides.putAll(FOUR_COHORTS);
    MigrationSpec bad = SpecLoader.load(typo, Map.of(), overrides);

    assertThatThrownBy(
            () ->
                new StageCohortJob(
                        spark,
                        bad,
                        StageOptions.of("c00", StageOptions.Mode.WRITE),
                        Progress.SILENT)
                    .run())
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining(
            "typo.conf:"
                + line
                + ": rule 'cast:signup_dt': column 'signup_dt' does not exist at this point; columns are: customer_id, first_name");

    Path pattern = work.resolve("pattern.conf");
    Files.writeString(
        pattern,
        Files.readString(DEMO_SPEC).replace("\"d MMM yyyy\"]", "\"d MMM yyyy\", \"dd/MM/yyyy{\"]"));
    assertThatThrownBy(
            () -> SpecLoader.load(pattern, Map.of(), Map.of("work-dir", work.toString())))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("rules.customers[6].formats: 'dd/MM/yyyy{' is not a date pattern");
  }

  @Test
  @Order(9)
  void aTableStagedBeforeTheHashesGetsTheirColumnsAndKeepsItsRows() {
    String older = work.resolve("older-target").toString();
    MigrationSpec moved = demo.spec(work, Map.of("cohorts.count", "4", "target.path", older));
    staged()
        .drop(StageColumns.SOURCE_HASH, StageColumns.ROW_HASH)
        .write()
        .format("delta")
        .partitionBy(StageColumns.COHORT)
        .save(moved.target().stagedPath());
    long before =
        spark
            .read()
            .format("delta")
            .load(moved.target().stagedPath())
            .filter(functions.col(StageColumns.COHORT).notEqual("c01"))
            .count();

    StageResult r =
        new StageCohortJob(
                spark,
                moved,
                new StageOptions("c01", StageOptions.Mode.WRITE, "run-older", NOW),
                Progress.SILENT)
            .run();

    Dataset<Row> now = spark.read().format("delta").load(moved.target().stagedPath());
    assertThat(now.filter(functions.col(StageColumns.COHORT).notEqual("c01")).count())
        .as("other cohorts kept")
        .isEqualTo(before);
    assertThat(
            now.filter(
                    functions
                        .col(StageColumns.COHORT)
                        .notEqual("c01")
                        .and(functions.col(StageColumns.SOURCE_HASH).isNull()))
                .count())
        .as("their rows have no hashes (reconcile recomputes them)")
        .isEqualTo(before);
    assertThat(
            now.filter(
                    functions
                        .col(StageColumns.COHORT)
                        .equalTo("c01")
                        .and(functions.col(StageColumns.ROW_HASH).isNotNull()))
                .count())
        .as("the restaged cohort has them")
        .isEqualTo(r.staged());
  }
}
