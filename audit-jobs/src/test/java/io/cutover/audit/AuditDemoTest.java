package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cutover.core.demo.GroundTruth;
import io.cutover.core.demo.PlantedDefect;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.DemoData;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The audit on the demo data, scored against the generator's ground truth: every planted defect, no
 * clean column.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditDemoTest {
  private static final Path DEMO_SPEC = DemoData.DEMO_SPEC;
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private Path work;
  private SparkSession spark;
  private MigrationSpec spec;
  private DemoData demo;
  private GroundTruth truth;
  private AuditResult result;

  @BeforeAll
  void auditTheDemo(SparkSession spark, @TempDir Path work) {
    this.spark = spark;
    this.work = work;
    demo = DemoData.of(spark, 6000, 7);
    truth = demo.truth();
    spec = demo.spec(work, Map.of());
    result =
        new AuditJob(spark, spec, new AuditOptions(List.of(), "run-1", NOW), Progress.SILENT).run();
  }

  private List<Finding> findings(String dataset, String column) {
    return result.findings().stream()
        .filter(f -> f.dataset().equals(dataset) && f.column().equals(column))
        .toList();
  }

  @Test
  @Order(1)
  void everyPlantedDefectIsReportedWithItsExactCount() {
    assertThat(truth.defects())
        .as("the generator planted something to find")
        .hasSizeGreaterThanOrEqualTo(11);
    for (PlantedDefect planted : truth.defects()) {
      List<Finding> found =
          findings(planted.dataset(), planted.column()).stream()
              .filter(f -> f.type().equals(planted.type()))
              .toList();
      assertThat(found)
          .as("planted %s in %s.%s", planted.type(), planted.dataset(), planted.column())
          .hasSize(1);
      Finding f = found.get(0);
      assertThat(f.category().name().toLowerCase())
          .as("category of " + planted.type())
          .isEqualTo(planted.kind());
      if (!planted.kind().equals("zombie")) {
        assertThat(((Number) f.evidence().get("rows")).longValue())
            .as("rows with " + planted.type())
            .isEqualTo(planted.rows());
      }
      if (planted.type().equals("duplicate-key")) {
        assertThat(((Number) f.evidence().get("keys")).longValue())
            .as("duplicated keys")
            .isEqualTo(planted.keys());
      }
      assertThat(f.suggestedRule()).as("a rule for " + planted.type()).isNotBlank();
    }
  }

  @Test
  @Order(2)
  void noCleanColumnIsReportedAsZombieOrCorrupt() {
    truth
        .clean()
        .forEach(
            (dataset, columns) -> {
              for (String column : columns) {
                assertThat(findings(dataset, column))
                    .as("findings on clean column %s.%s", dataset, column)
                    .noneMatch(
                        f -> f.category() == Category.ZOMBIE || f.category() == Category.CORRUPT);
              }
            });
    // The generator draws each email's number at random, so a few customers share an address by
    // chance: a fact of the data, not planted, counted here with SQL on the generated rows.
    Row shared =
        spark
            .read()
            .parquet(demo.customers().toString())
            .filter("email IS NOT NULL AND trim(email) <> ''")
            .groupBy(functions.lower(functions.trim(functions.col("email"))))
            .agg(functions.countDistinct("customer_id").as("holders"), functions.count("*").as("n"))
            .filter("holders > 1")
            .agg(functions.count("*"), functions.sum("n"))
            .first();
    long sharedEmails = shared.getLong(0);
    if (sharedEmails > 0) {
      Finding almostKey =
          findings("customers", "email").stream()
              .filter(f -> f.type().equals("almost-key"))
              .findFirst()
              .orElseThrow();
      assertThat(almostKey.evidence())
          .containsEntry("values", sharedEmails)
          .containsEntry("rows", shared.getLong(1));
    }
    // INFO findings are facts for the reviewer (customers without orders), not alarms.
    assertThat(
            result.findings().stream()
                .filter(f -> f.severity() != Severity.INFO)
                .filter(f -> !f.type().equals("almost-key")))
        .as("nothing but the planted defects and the emails shared by chance")
        .hasSize(truth.defects().size());
    assertThat(result.findings())
        .as("the customers without orders")
        .anySatisfy(f -> assertThat(f.type()).isEqualTo("unreferenced-parent"));
  }

  @Test
  @Order(3)
  void profilesCarryTheNumbersAnAnalystNeeds() {
    DatasetProfile customers =
        result.datasets().stream()
            .filter(d -> d.name().equals("customers"))
            .findFirst()
            .orElseThrow();
    assertThat(customers.rows()).isEqualTo(6000);
    ColumnProfile fax = column(customers, "fax");
    assertThat(fax.completeness()).isZero();
    ColumnProfile email = column(customers, "email");
    assertThat(email.semanticType()).isEqualTo("email");
    assertThat(email.pii()).isTrue();
    assertThat(column(customers, "signup_date").semanticType()).isEqualTo("date");
    assertThat(column(customers, "balance").semanticType()).isEqualTo("number-text");
    assertThat(column(customers, "balance").inferredTypes())
        .as("Deequ's type counts")
        .containsKeys("Fractional", "String");
    ColumnProfile plan = column(customers, "plan");
    assertThat(plan.histogram())
        .extracting(ColumnProfile.ValueCount::value)
        .containsExactlyInAnyOrder("free", "basic", "pro", "enterprise");
    assertThat(plan.histogram().stream().mapToLong(ColumnProfile.ValueCount::count).sum())
        .isEqualTo(6000);
    // last_name: personal data with exactly histogram-max-categories (20) values, so it has a
    // histogram; each bar shows the name's first letter only (two names may share a bar's label).
    List<ColumnProfile.ValueCount> lastNames = new ArrayList<>();
    Set<String> raw = new HashSet<>();
    for (Row r :
        spark
            .read()
            .parquet(demo.customers().toString())
            .groupBy("last_name")
            .count()
            .collectAsList()) {
      String name = r.getString(0);
      raw.add(name);
      lastNames.add(
          new ColumnProfile.ValueCount(
              name.substring(0, name.offsetByCodePoints(0, 1)) + "***", r.getLong(1)));
    }
    assertThat(raw).as("distinct last names in the legacy rows").hasSize(20);
    assertThat(column(customers, "last_name").histogram())
        .as("last names: one masked bar per name, with its count")
        .containsExactlyInAnyOrderElementsOf(lastNames)
        .noneMatch(v -> raw.contains(v.value()));
  }

  @Test
  @Order(4)
  void reportsAreWrittenAndKeepPersonalDataOut() throws Exception {
    AuditReports.Written written = new AuditReports(spark, spec).write(result);

    JsonNode json = new ObjectMapper().readTree(written.json().toFile());
    assertThat(json.get("format").asText()).isEqualTo("cutover.audit.report/1");
    assertThat(json.get("findings")).hasSize(result.findings().size());
    String html = Files.readString(written.html());
    assertThat(html)
        .contains("invalid-email", "orphan-foreign-key")
        .doesNotContain("src=\"http", "href=\"http");
    Config rules = ConfigFactory.parseFile(written.rules().toFile());
    assertThat(rules.getList("rules.customers"))
        .as("one suggested rule per customers finding that has one")
        .hasSize(
            (int)
                result.findings().stream()
                    .filter(
                        f -> f.dataset().equals("customers") && f.suggestedRule().startsWith("{"))
                    .count());
    assertThat(Files.readString(written.folder().getParent().resolve("LATEST")).trim())
        .isEqualTo("run-1");

    List<Row> people =
        spark
            .read()
            .parquet(demo.customers().toString())
            .select("email", "phone")
            .limit(200)
            .collectAsList();
    String everything = Files.readString(written.json()) + html + Files.readString(written.rules());
    for (Row r : people) {
      assertThat(everything).as("raw email in a report").doesNotContain(r.getString(0));
      assertThat(everything).as("raw phone in a report").doesNotContain(r.getString(1));
    }
  }

  @Test
  @Order(6)
  void theMetricsHistoryKeepsEveryRunAndFlagsWhatMoved() {
    long firstRunRows =
        spark
            .read()
            .format("delta")
            .load(AuditJob.metricsPath(spec))
            .filter("run_id = 'run-1'")
            .count();
    assertThat(firstRunRows).as("metrics of run 1").isGreaterThan(100);

    AuditResult again =
        new AuditJob(
                spark,
                spec,
                new AuditOptions(List.of("orders"), "run-2", NOW.plusSeconds(60)),
                Progress.SILENT)
            .run();
    assertThat(again.shifts()).as("same data, nothing moved").isEmpty();
    new AuditReports(spark, spec).write(again);

    Path small = work.resolve("orders-small");
    spark.read().parquet(demo.orders().toString()).limit(1000).write().parquet(small.toString());
    MigrationSpec shrunkSpec = demo.spec(work, Map.of("sources.orders.path", small.toString()));
    AuditResult shrunk =
        new AuditJob(
                spark,
                shrunkSpec,
                new AuditOptions(List.of("orders"), "run-3", NOW.plusSeconds(120)),
                Progress.SILENT)
            .run();
    assertThat(shrunk.shifts())
        .as("orders shrank from 12000 to 1000 rows")
        .anySatisfy(
            s -> {
              assertThat(s.dataset()).isEqualTo("orders");
              assertThat(s.metric()).isEqualTo("rows");
              assertThat(s.previous()).isEqualTo(12000.0);
              assertThat(s.current()).isEqualTo(1000.0);
              assertThat(s.previousRunId()).isEqualTo("run-2");
            });
  }

  private static ColumnProfile column(DatasetProfile d, String name) {
    return d.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
