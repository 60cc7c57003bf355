package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.audit.AuditJob;
import io.cutover.audit.AuditMetricsJsonLines;
import io.cutover.audit.AuditOptions;
import io.cutover.audit.AuditReports;
import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.NotebookRun;
import io.cutover.core.testing.SparkExtension;
import io.cutover.reconcile.ReconcileCohortJob;
import io.cutover.reconcile.ReconcileOptions;
import io.cutover.reconcile.ReconcileReports;
import io.cutover.reconcile.ReconcileRun;
import io.cutover.reconcile.VerdictsJsonLines;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.delta.tables.DeltaTable;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What analysts and managers read, on one small demo shared by every test (600 customers, six
 * cohorts, two audit runs, two reconcile runs of every cohort, the second after a customer of c01
 * is deleted from the staged table and one of c02 changes in the legacy source): the JSON Lines
 * histories, both notebooks executed by nbconvert in a real kernel, the three HTML pages rendered
 * by headless Chromium (screenshots in target/analyst-views/screenshots), and {@code cutover
 * report}. Every number asserted comes from the JSON, the Delta tables or the plant.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystViewsTest {
  private static final Path REPO = Path.of(System.getProperty("cutover.repo.root", ".."));
  private static final Path DEMO_SPEC = REPO.resolve("rules/customers.conf");
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path work = Path.of("target", "analyst-views").toAbsolutePath();
  private SparkSession spark;
  private MigrationSpec spec;
  private Path reports;
  private ReconcileRun before;
  private ReconcileRun after;
  private long plantedKey;
  private long driftedKey;

  @BeforeAll
  void demo(SparkSession spark) throws IOException {
    this.spark = spark;
    delete(work);
    new DemoDataGenerator(spark, new DemoOptions(600, 5, work.resolve("legacy").toString())).run();
    spec =
        SpecLoader.load(
            DEMO_SPEC, Map.of(), Map.of("work-dir", work.toString(), "cohorts.count", "6"));
    reports = Path.of(spec.reportsPath());
    AuditReports audits = new AuditReports(spark, spec);
    for (int run = 1; run <= 2; run++) {
      Instant at = T0.plusSeconds(3600L * (run - 1));
      audits.write(
          new AuditJob(
                  spark, spec, new AuditOptions(List.of(), "audit-" + run, at), Progress.SILENT)
              .run());
    }
    new StageCohortJob(
            spark,
            spec,
            new StageOptions(
                StageOptions.ALL_COHORTS, StageOptions.Mode.WRITE, "stage-1", T0.plusSeconds(7200)),
            Progress.SILENT)
        .run();
    before = reconcile("20261201T120000Z-r001");
    plantedKey = firstKey("c01");
    DeltaTable.forPath(spark, spec.target().stagedPath())
        .delete(functions.col("customer_id").equalTo(plantedKey));
    driftedKey = firstKey("c02");
    touchLegacyCustomer(driftedKey, T0.plusSeconds(12_600));
    after = reconcile("20261201T130000Z-r002");
  }

  private long firstKey(String cohort) {
    return spark
        .read()
        .format("delta")
        .load(spec.target().stagedPath())
        .filter(functions.col(StageColumns.COHORT).equalTo(cohort))
        .select(functions.min("customer_id"))
        .first()
        .getLong(0);
  }

  /** The legacy application changes a customer after staging: drift, so a WARN. */
  private void touchLegacyCustomer(long key, Instant at) {
    String legacy = work.resolve("legacy/customers").toString();
    String copy = work.resolve("legacy/customers-touched").toString();
    Dataset<Row> rows = spark.read().parquet(legacy);
    rows.withColumn(
            "updated_at",
            functions
                .when(
                    functions.col("customer_id").equalTo(key),
                    functions
                        .lit(Timestamp.from(at))
                        .cast(rows.schema().apply("updated_at").dataType()))
                .otherwise(functions.col("updated_at")))
        .write()
        .parquet(copy);
    spark.read().parquet(copy).write().mode("overwrite").parquet(legacy);
  }

  private ReconcileRun reconcile(String runId) {
    ReconcileRun run =
        new ReconcileCohortJob(
                spark,
                spec,
                new ReconcileOptions(List.of(), runId, Instant.now(), ReconcileOptions.HASHES_FROM),
                Progress.SILENT)
            .run();
    new ReconcileReports(spark, spec).write(run);
    return run;
  }

  @Test
  void theJsonLinesHoldEveryRunWithTheNumbersOfTheTables() throws IOException {
    List<JsonNode> metrics = lines(AuditMetricsJsonLines.folder(spec));
    assertThat(metrics.stream().map(m -> m.get("run_id").asText()).distinct())
        .containsExactly("audit-1", "audit-2");
    assertThat(
            metrics.stream()
                .filter(
                    m ->
                        m.get("dataset").asText().equals("customers")
                            && m.get("metric").asText().equals("rows")))
        .extracting(m -> m.get("value").asDouble())
        .as("customers rows, each run")
        .containsExactly(600.0, 600.0);

    Map<String, JsonNode> newest = newestVerdicts();
    assertThat(newest).containsOnlyKeys("c00", "c01", "c02", "c03", "c04", "c05");
    assertThat(lines(VerdictsJsonLines.folder(spec))).hasSize(12);
    JsonNode c01 = newest.get("c01");
    assertThat(c01.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(c01.get("wave").isNull()).as("no plan yet").isTrue();
    assertThat(c01.get("failed_checks"))
        .as("the row check names the deleted customer")
        .anySatisfy(
            c -> {
              assertThat(c.get("check").asText()).isEqualTo("rows");
              assertThat(c.get("keys").get("missing").toString())
                  .isEqualTo("[\"" + plantedKey + "\"]");
            });
    JsonNode c02 = newest.get("c02");
    assertThat(c02.get("verdict").asText()).as("the touched customer drifted").isEqualTo("WARN");
    assertThat(c02.get("drift_rows").asLong()).isEqualTo(1);
    assertThat(table(c02, "customers").get("drift_rows").asLong()).isEqualTo(1);
    assertThat(c02.get("failed_checks"))
        .as("the drift check names the touched customer")
        .anySatisfy(
            c -> {
              assertThat(c.get("check").asText()).isEqualTo("drift");
              assertThat(c.get("examples").toString()).isEqualTo("[\"" + driftedKey + "\"]");
            });
    for (String cohort : newest.keySet()) {
      JsonNode customers = table(newest.get(cohort), "customers");
      long staged =
          spark
              .read()
              .format("delta")
              .load(spec.target().stagedPath())
              .filter(functions.col(StageColumns.COHORT).equalTo(cohort))
              .count();
      assertThat(customers.get("staged").asLong()).as(cohort + " staged rows").isEqualTo(staged);
      assertThat(table(newest.get(cohort), "orders").get("legacy_rows").asLong())
          .as(cohort + " has orders")
          .isPositive();
    }
  }

  @Test
  void bothNotebooksRunShowFiguresAndTheNumbersOfTheJson() throws IOException {
    Map<String, String> env = Map.of("CUTOVER_REPORTS", reports.toString());
    Path out = work.resolve("notebooks");

    NotebookRun audit = NotebookRun.execute(REPO.resolve("notebooks/audit-report.ipynb"), env, out);
    JsonNode report = JSON.readTree(reports.resolve("audit/audit-2/report.json").toFile());
    Map<String, Integer> severities = new TreeMap<>();
    report
        .get("findings")
        .forEach(f -> severities.merge(f.get("severity").asText(), 1, Integer::sum));
    assertThat(audit.text())
        .contains(
            "Audit audit-2 of customers-demo: 2 datasets, "
                + report.get("findings").size()
                + " findings ("
                + severities.getOrDefault("HIGH", 0)
                + " HIGH, "
                + severities.getOrDefault("MEDIUM", 0)
                + " MEDIUM, ")
        .contains("2 audit runs in the history, newest audit-2");
    assertThat(audit.figures())
        .as("severity, completeness, rates, histograms, trends")
        .isEqualTo(5);

    NotebookRun migration =
        NotebookRun.execute(REPO.resolve("notebooks/migration.ipynb"), env, out);
    Map<String, Long> verdicts = new TreeMap<>();
    newestVerdicts()
        .values()
        .forEach(v -> verdicts.merge(v.get("verdict").asText(), 1L, Long::sum));
    assertThat(migration.text())
        .contains(
            "2 reconcile runs, 6 cohorts reconciled; newest verdicts: "
                + verdicts.getOrDefault("PASS", 0L)
                + " PASS, "
                + verdicts.getOrDefault("WARN", 0L)
                + " WARN, "
                + verdicts.getOrDefault("FAIL", 0L)
                + " FAIL")
        .as("the failed checks' table names the deleted customer")
        .contains("missing: " + plantedKey);
    assertThat(verdicts).containsEntry("FAIL", 1L).containsEntry("WARN", 1L);
    assertThat(migration.figures())
        .as("verdict grid, verdicts per run, failed checks, rows per cohort, drift")
        .isEqualTo(5);
  }

  @Test
  void theHtmlReportsRenderOfflineInChromiumWithTheNumbersOfTheJson() throws IOException {
    HeadlessChromium chromium = new HeadlessChromium(work.resolve("chromium-profile"));
    Path shots = work.resolve("screenshots");
    Files.createDirectories(shots);
    Path audit = reports.resolve("audit/audit-2/report.html");
    Path summary = reports.resolve("reconcile/_runs/" + after.runId() + "/summary.html");
    Path c01 = reports.resolve("reconcile/c01/" + after.runId() + "-c01/reconcile.html");
    for (Path page : List.of(audit, summary, c01)) {
      assertThat(Files.readString(page))
          .as(page + " loads nothing from anywhere")
          .doesNotContain("src=", "url(", "@import", "href=\"http", "href=\"//");
    }
    chromium.screenshot(audit, shots.resolve("audit-report.png"), 1600);
    chromium.screenshot(summary, shots.resolve("summary.png"), 900);
    chromium.screenshot(c01, shots.resolve("reconcile-c01.png"), 900);
    for (String png : List.of("audit-report.png", "summary.png", "reconcile-c01.png")) {
      assertThat(pngWidth(shots.resolve(png))).as(png + " width").isEqualTo(HeadlessChromium.WIDTH);
    }

    JsonNode report = JSON.readTree(audit.resolveSibling("report.json").toFile());
    String auditDom = chromium.dom(audit);
    for (String severity : List.of("HIGH", "MEDIUM", "LOW", "INFO")) {
      long expected = 0;
      for (JsonNode f : report.get("findings")) {
        expected += f.get("severity").asText().equals(severity) ? 1 : 0;
      }
      assertThat(
              number(
                  auditDom,
                  "href=\"#sev-"
                      + severity
                      + "\"><span class=\"badge sev-"
                      + severity
                      + "\">"
                      + severity
                      + "</span><span class=\"n\">([\\d,]+)</span>"))
          .as(severity + " findings shown")
          .isEqualTo(expected);
    }
    for (JsonNode d : report.get("datasets")) {
      assertThat(
              number(
                  auditDom,
                  ">" + d.get("name").asText() + "</a></td><td class=\"num\">([\\d,]+) rows"))
          .as(d.get("name").asText() + " rows shown")
          .isEqualTo(d.get("rows").asLong());
    }

    JsonNode summaryJson = JSON.readTree(summary.resolveSibling("summary.json").toFile());
    Map<String, Long> byVerdict = new TreeMap<>();
    summaryJson
        .get("cohorts")
        .forEach(c -> byVerdict.merge(c.get("verdict").asText(), 1L, Long::sum));
    String summaryDom = chromium.dom(summary);
    assertThat(summaryDom)
        .contains(
            summaryJson.get("cohorts").size()
                + " cohorts checked: "
                + byVerdict.getOrDefault("PASS", 0L)
                + " PASS, "
                + byVerdict.getOrDefault("WARN", 0L)
                + " WARN, "
                + byVerdict.getOrDefault("FAIL", 0L)
                + " FAIL");
    Matcher cell =
        Pattern.compile(
                "<a class=\"cell (PASS|WARN|FAIL)\" href=\"[^\"]*\" title=\"[^\"]*\">(c\\d+)</a>")
            .matcher(summaryDom.substring(summaryDom.indexOf("id=\"grid\"")));
    Map<String, String> grid = new TreeMap<>();
    while (cell.find()) {
      grid.put(cell.group(2), cell.group(1));
    }
    Map<String, String> expectedGrid = new TreeMap<>();
    summaryJson
        .get("cohorts")
        .forEach(c -> expectedGrid.put(c.get("cohort").asText(), c.get("verdict").asText()));
    assertThat(grid).as("the grid of cohorts by verdict").isEqualTo(expectedGrid);
    assertThat(grid).containsEntry("c01", "FAIL").containsEntry("c02", "WARN");

    String c01Dom = chromium.dom(c01);
    int todo = c01Dom.indexOf("<h2>What to do</h2>");
    assertThat(todo).as("the page leads with what to do").isPositive();
    assertThat(c01Dom.indexOf("<h2>")).as("its first section").isEqualTo(todo);
    String todoSection = c01Dom.substring(todo, c01Dom.indexOf("</section>", todo));
    assertThat(todoSection)
        .contains("<b class=\"check\">rows</b>")
        .contains("missing keys: <span class=\"keys\">" + plantedKey + "</span>");
  }

  @Test
  void reportPrintsTheNewestReportsAsFileUrls() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new String[] {"report", "--spec", DEMO_SPEC.toString(), "--work-dir", work.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(reports.resolve("audit/audit-2/report.html").toUri().toString())
        .contains(
            reports
                .resolve("reconcile/_runs/" + after.runId() + "/summary.html")
                .toUri()
                .toString())
        .contains("Cohorts reconciled: 6 (1 FAIL, 4 PASS, 1 WARN)")
        .containsPattern(
            "FAIL +c01 +"
                + Pattern.quote(
                    reports
                        .resolve("reconcile/c01/" + after.runId() + "-c01/reconcile.html")
                        .toUri()
                        .toString()));
    assertThat(before.runId()).isNotEqualTo(after.runId());
  }

  // ---- helpers

  private Map<String, JsonNode> newestVerdicts() throws IOException {
    Map<String, JsonNode> newest = new TreeMap<>();
    for (JsonNode line : lines(VerdictsJsonLines.folder(spec))) {
      if (line.get("reconcile_run").asText().equals(after.runId())) {
        newest.put(line.get("cohort").asText(), line);
      }
    }
    return newest;
  }

  private static JsonNode table(JsonNode verdict, String name) {
    for (JsonNode t : verdict.get("tables")) {
      if (t.get("table").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no table " + name + " in " + verdict);
  }

  private static List<JsonNode> lines(Path folder) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          out.add(JSON.readTree(line));
        }
      }
    }
    return out;
  }

  private static long number(String dom, String regex) {
    Matcher m = Pattern.compile(regex).matcher(dom);
    assertThat(m.find()).as("found /" + regex + "/").isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** The width in a PNG's IHDR chunk (bytes 16..19). */
  private static int pngWidth(Path png) throws IOException {
    byte[] head = new byte[24];
    try (var in = Files.newInputStream(png)) {
      assertThat(in.readNBytes(head, 0, 24)).isEqualTo(24);
    }
    DataInputStream data = new DataInputStream(new ByteArrayInputStream(head, 16, 4));
    return data.readInt();
  }

  private static void delete(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
