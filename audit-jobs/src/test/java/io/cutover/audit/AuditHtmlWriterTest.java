package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.audit.ColumnProfile.ValueCount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditHtmlWriterTest {

  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String QUOTES = "\"quoted\" & 'single'";

  @Test
  void summaryComesBeforeTheFirstFindingAndHighBeforeLow() {
    String html = AuditHtmlWriter.render(sample());

    int summary = html.indexOf("id=\"summary\"");
    int firstFinding = html.indexOf("<article class=\"finding");
    int high = html.indexOf("customers.email</code>");
    int low = html.indexOf("orders.note</code>");
    assertThat(summary).as("position of the summary").isPositive();
    assertThat(firstFinding).as("position of the first finding").isGreaterThan(summary);
    assertThat(high).as("position of the HIGH finding").isGreaterThan(firstFinding);
    assertThat(low).as("position of the LOW finding").isGreaterThan(high);
    assertThat(html.indexOf("id=\"sev-HIGH\""))
        .as("HIGH section before MEDIUM section")
        .isLessThan(html.indexOf("id=\"sev-MEDIUM\""))
        .isLessThan(html.indexOf("id=\"sev-LOW\""));
  }

  @Test
  void summaryCountsDatasetsRowsSeveritiesAndCategories() {
    String summary = section(AuditHtmlWriter.render(sample()), "id=\"summary\"", "</section>");

    assertThat(summary)
        .contains("<div class=\"big\">2</div>")
        .contains("12,345 rows", "1,234,567 rows", "17 unparseable")
        .contains("<span class=\"badge sev-HIGH\">HIGH</span><span class=\"n\">1</span>")
        .contains("<span class=\"badge sev-MEDIUM\">MEDIUM</span><span class=\"n\">2</span>")
        .contains("<span class=\"badge sev-INFO\">INFO</span><span class=\"n\">0</span>")
        .contains("<span class=\"badge cat cat-CORRUPT\">CORRUPT</span><span class=\"n\">2</span>")
        .contains(
            "<span class=\"badge cat cat-DEPENDENCY\">DEPENDENCY</span><span class=\"n\">1</span>");
  }

  @Test
  void pageLoadsNothingFromOutside() {
    String html = AuditHtmlWriter.render(sample());

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n");
    assertThat(html.toLowerCase())
        .doesNotContain(
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "<link",
            "@import",
            "url(",
            "<script");
  }

  @Test
  void everyStringFromTheDataIsEscaped() {
    String html = AuditHtmlWriter.render(sample());

    assertThat(html)
        .doesNotContain(SCRIPT)
        .doesNotContain(QUOTES)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;quoted&quot; &amp; &#39;single&#39;");
    // Planted in a column name, a message, an example, a rule, a histogram value, an evidence key
    // and a shift metric.
    assertThat(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;"))
        .as("escaped occurrences of the script value")
        .isGreaterThanOrEqualTo(8);
  }

  @Test
  void showsFindingDetailsShiftsAndHistograms() {
    String html = AuditHtmlWriter.render(sample());

    assertThat(html)
        .contains("<pre>customers.email { type = mask-invalid, pattern = email }</pre>")
        .contains("<dt>rows</dt><dd>4,321</dd>", "<dt>share</dt><dd>35.0%</dd>")
        .contains("<code>j***@example</code>")
        .contains("Changed since last audit", "+150.0%", "run-2024-04-30")
        .contains("title=\"GOLD\">GOLD</span>", ">6,000</span>", ">SILVER</span>", ">4,000</span>")
        .contains("width:66.7%")
        .contains("99.5%", "&lt; 0.1%", "–");
    assertThat(html.indexOf("Changed since last audit"))
        .as("shifts after the findings")
        .isGreaterThan(html.indexOf("orders.note</code>"))
        .isLessThan(html.indexOf("Column profiles"));
  }

  @Test
  void writeMovesTheRenderedPageIntoPlaceAndLeavesNoTempFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("reports").resolve("audit.html");
    AuditResult result = sample();

    AuditHtmlWriter.write(result, file);
    AuditHtmlWriter.write(result, file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(AuditHtmlWriter.render(result));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("files left in the report folder")
          .containsExactly("audit.html");
    }
  }

  @Test
  void emptyRunStillRendersAPage() {
    AuditResult empty =
        new AuditResult(
            "run-1", "m", "abc", Instant.EPOCH, Instant.EPOCH, List.of(), List.of(), List.of());

    assertThat(AuditHtmlWriter.render(empty))
        .contains("No findings.", "No datasets profiled.")
        .doesNotContain("Changed since last audit");
  }

  // ---- fixture: two datasets, findings of three severities, one shift, hostile values in every
  // string slot

  static AuditResult sample() {
    ColumnProfile id =
        column(
            "customer_id",
            "bigint",
            "none",
            false,
            1.0,
            null,
            1.0,
            12_345.0,
            6_173.0,
            null,
            null,
            null);
    ColumnProfile email =
        column(
            "email",
            "string",
            "email",
            true,
            0.65,
            Map.of("String", 8_000L),
            null,
            null,
            null,
            5,
            64,
            null);
    ColumnProfile tier =
        column(
            "tier",
            "string",
            "none",
            false,
            0.995,
            Map.of("String", 12_000L),
            null,
            null,
            null,
            4,
            6,
            List.of(
                new ValueCount("GOLD", 6_000),
                new ValueCount("SILVER", 4_000),
                new ValueCount(SCRIPT, 2),
                new ValueCount("", 1)));
    ColumnProfile hostile =
        column(
            SCRIPT,
            "string",
            QUOTES,
            false,
            0.0004,
            Map.of(SCRIPT, 3L),
            null,
            null,
            null,
            1,
            9,
            null);
    ColumnProfile note =
        column(
            "note",
            "string",
            "none",
            false,
            0.02,
            Map.of("String", 24_000L, "Integral", 3L),
            null,
            null,
            null,
            0,
            250,
            null);
    DatasetProfile customers =
        new DatasetProfile(
            "customers",
            "parquet",
            "legacy/customers",
            12_345,
            0,
            List.of("customer_id"),
            List.of(id, email, tier, hostile));
    DatasetProfile orders =
        new DatasetProfile(
            "orders", "csv", "legacy/orders", 1_234_567, 17, List.of("order_id"), List.of(note));

    Map<String, Object> emailEvidence = new LinkedHashMap<>();
    emailEvidence.put("rows", 4_321L);
    emailEvidence.put("share", 0.35);
    Map<String, Object> hostileEvidence = new LinkedHashMap<>();
    hostileEvidence.put(SCRIPT, QUOTES);
    List<Finding> findings =
        List.of(
            new Finding(
                "orders",
                "note",
                Category.ZOMBIE,
                "near-empty",
                Severity.LOW,
                "Only 2% of rows have a note",
                Map.of("meaningful", 24_691L),
                List.of(),
                ""),
            new Finding(
                "customers",
                "email",
                Category.CORRUPT,
                "invalid-email",
                Severity.HIGH,
                "35% of emails are not valid",
                emailEvidence,
                List.of("j***@example"),
                "customers.email { type = mask-invalid, pattern = email }"),
            new Finding(
                "customers",
                SCRIPT,
                Category.CORRUPT,
                "placeholder",
                Severity.MEDIUM,
                SCRIPT + " " + QUOTES,
                hostileEvidence,
                List.of(SCRIPT, QUOTES),
                "rule { value = \"" + SCRIPT + "\" }"),
            new Finding(
                "orders",
                "customer_id",
                Category.DEPENDENCY,
                "orphan-foreign-key",
                Severity.MEDIUM,
                "17 orders point at customers that do not exist",
                Map.of("rows", 17L),
                List.of("99"),
                ""));
    List<MetricShift> shifts =
        List.of(
            new MetricShift("customers", "email", "blank", 1_000, 2_500, "run-2024-04-30"),
            new MetricShift("customers", SCRIPT, SCRIPT, 0, 5, SCRIPT));
    return new AuditResult(
        "run-2024-05-01",
        "customers-demo",
        "9f2c4e1ab3d87766aa01",
        Instant.parse("2024-05-01T10:00:00Z"),
        Instant.parse("2024-05-01T10:03:27Z"),
        List.of(customers, orders),
        findings,
        shifts);
  }

  private static ColumnProfile column(
      String name,
      String type,
      String semantic,
      boolean pii,
      double completeness,
      Map<String, Long> inferred,
      Double min,
      Double max,
      Double mean,
      Integer minLength,
      Integer maxLength,
      List<ValueCount> histogram) {
    long rows = 12_345;
    long nonNull = Math.round(rows * completeness);
    return new ColumnProfile(
        name,
        type,
        semantic,
        pii,
        nonNull,
        completeness,
        nonNull / 2,
        3,
        2,
        nonNull - 5,
        inferred,
        min,
        max,
        mean,
        null,
        minLength,
        maxLength,
        histogram);
  }

  private static String section(String html, String from, String to) {
    int start = html.indexOf(from);
    return html.substring(start, html.indexOf(to, start));
  }

  private static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
