package io.cutover.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns an {@link AuditResult} into one self-contained HTML page: run meta, a summary that fits
 * above the fold, findings by severity (HIGH first), metric shifts since the last audit, then
 * per-column profiles with small CSS bar charts. The page loads nothing from anywhere (inline CSS,
 * no script, a CSP that forbids both), and every string that came from the data is HTML-escaped,
 * since legacy values are untrusted.
 */
public final class AuditHtmlWriter {

  private static final String NONE = "–";
  private static final int MAX_LABEL = 40;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String CSS = loadCss();

  private AuditHtmlWriter() {}

  /** The complete HTML5 page for one audit run. */
  public static String render(AuditResult result) {
    StringBuilder html = new StringBuilder(16_384);
    head(html, result);
    header(html, result);
    summary(html, result);
    failed(html, result.failed());
    findings(html, result);
    shifts(html, result.shifts());
    profiles(html, result.datasets());
    html.append("<footer>Cutover audit report · run ")
        .append(esc(result.runId()))
        .append("</footer>\n");
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  /**
   * Writes {@link #render} to {@code file}: first to a temp file in the same folder, then moved
   * into place atomically, so a reader never sees half a report.
   *
   * @throws UncheckedIOException when the folder cannot be created or the file cannot be written or
   *     moved
   */
  public static void write(AuditResult result, Path file) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // Not createTempFile: its owner-only permissions would carry over to the report.
      tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.writeString(
          tmp,
          render(result),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp, e);
      throw new UncheckedIOException(
          "Cannot write audit report "
              + target
              + ": "
              + e.getMessage()
              + "; check that the folder is writable and on a file system that supports atomic moves",
          e);
    }
  }

  // ---- page sections

  private static void head(StringBuilder html, AuditResult r) {
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // Defence in depth: even if a value escaped the escaper, the browser would run no script
        // and load nothing.
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>Audit · ")
        .append(esc(r.migration()))
        .append(" · ")
        .append(esc(r.runId()))
        .append("</title>\n")
        .append("<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
  }

  private static void header(StringBuilder html, AuditResult r) {
    html.append("<h1>Audit of ")
        .append(esc(r.migration()))
        .append("</h1>\n<div class=\"meta\">")
        .append("<span>run <b class=\"mono\">")
        .append(esc(r.runId()))
        .append("</b></span>")
        .append("<span>started <b>")
        .append(time(r.startedAt()))
        .append("</b></span>")
        .append("<span>finished <b>")
        .append(time(r.finishedAt()))
        .append("</b>")
        .append(took(r))
        .append("</span>")
        .append("<span>spec <b class=\"mono\" title=\"")
        .append(esc(r.specHash()))
        .append("\">")
        .append(esc(shortHash(r.specHash())))
        .append("</b></span></div>\n");
  }

  private static void summary(StringBuilder html, AuditResult r) {
    html.append("<section id=\"summary\" class=\"summary\">\n<div class=\"card\"><h3>Datasets</h3>")
        .append("<div class=\"big\">")
        .append(number(r.datasets().size()))
        .append("</div>")
        .append("<table class=\"compact\">");
    for (DatasetProfile d : r.datasets()) {
      html.append("<tr><td><a href=\"#")
          .append(anchor("ds", d.name()))
          .append("\">")
          .append(esc(d.name()))
          .append("</a></td>")
          .append("<td class=\"num\">")
          .append(number(d.rows()))
          .append(" rows</td>")
          .append(
              d.unparseableRows() > 0
                  ? "<td class=\"num shift-up\">"
                      + number(d.unparseableRows())
                      + " unparseable</td>"
                  : "<td></td>")
          .append("</tr>");
    }
    html.append(
        "</table></div>\n<div class=\"card\"><h3>Findings by severity</h3><div class=\"counts\">");
    for (Severity s : Severity.values()) {
      long n = r.count(s);
      html.append("<a class=\"count")
          .append(n == 0 ? " zero" : "")
          .append("\" href=\"#sev-")
          .append(s)
          .append("\">")
          .append(severityBadge(s))
          .append("<span class=\"n\">")
          .append(number(n))
          .append("</span></a>");
    }
    html.append(
        "</div></div>\n<div class=\"card\"><h3>Findings by category</h3><div class=\"counts\">");
    for (Category c : Category.values()) {
      long n = r.count(c);
      html.append("<span class=\"count")
          .append(n == 0 ? " zero" : "")
          .append("\">")
          .append(categoryBadge(c))
          .append("<span class=\"n\">")
          .append(number(n))
          .append("</span></span>");
    }
    html.append("</div></div>\n</section>\n");
  }

  private static void findings(StringBuilder html, AuditResult r) {
    html.append("<h2 id=\"findings\">Findings</h2>\n");
    if (r.findings().isEmpty()) {
      html.append("<p class=\"muted\">No findings.</p>\n");
      return;
    }
    for (Severity s : Severity.values()) {
      List<Finding> group = r.findings().stream().filter(f -> f.severity() == s).toList();
      if (group.isEmpty()) {
        continue;
      }
      html.append("<section id=\"sev-")
          .append(s)
          .append("\">\n<h3>")
          .append(severityBadge(s))
          .append(' ')
          .append(number(group.size()))
          .append(group.size() == 1 ? " finding" : " findings")
          .append("</h3>\n");
      group.forEach(f -> finding(html, f));
      html.append("</section>\n");
    }
  }

  private static void finding(StringBuilder html, Finding f) {
    html.append("<article class=\"finding sev-")
        .append(f.severity())
        .append("\">\n<header>")
        .append(severityBadge(f.severity()))
        .append("<code class=\"where\">")
        .append(esc(where(f.dataset(), f.column())))
        .append("</code>")
        .append(categoryBadge(f.category()))
        .append("<span class=\"muted mono\">")
        .append(esc(f.type()))
        .append("</span></header>\n")
        .append("<p>")
        .append(esc(f.message()))
        .append("</p>\n");
    if (!f.evidence().isEmpty()) {
      html.append("<dl class=\"evidence\">");
      f.evidence()
          .forEach(
              (k, v) ->
                  html.append("<div><dt>")
                      .append(esc(k))
                      .append("</dt><dd>")
                      .append(evidence(k, v))
                      .append("</dd></div>"));
      html.append("</dl>\n");
    }
    if (!f.examples().isEmpty()) {
      html.append("<div class=\"examples\"><span class=\"muted\">examples </span>");
      f.examples().forEach(e -> html.append("<code>").append(esc(e)).append("</code>"));
      html.append("</div>\n");
    }
    if (f.suggestedRule() != null && !f.suggestedRule().isBlank()) {
      html.append("<pre>").append(esc(f.suggestedRule().strip())).append("</pre>\n");
    }
    html.append("</article>\n");
  }

  /**
   * Datasets whose audit stopped, first: their absence from the findings says nothing about their
   * data.
   */
  private static void failed(StringBuilder html, List<FailedDataset> failed) {
    if (failed.isEmpty()) {
      return;
    }
    html.append(
        "<h2 id=\"failed\">Datasets not audited</h2>\n<table>\n<tr><th>Dataset</th><th>Column</th><th>While</th><th>Error</th></tr>\n");
    for (FailedDataset f : failed) {
      html.append("<tr><td><code>")
          .append(esc(f.dataset()))
          .append("</code></td>")
          .append("<td><code>")
          .append(
              esc(f.column() == null ? "(reading its rows)" : f.column() + " " + f.columnType()))
          .append("</code></td>")
          .append("<td>")
          .append(esc(f.stage()))
          .append("</td>")
          .append("<td>")
          .append(esc(f.message()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void shifts(StringBuilder html, List<MetricShift> shifts) {
    if (shifts.isEmpty()) {
      return;
    }
    html.append(
            "<h2 id=\"shifts\">Changed since last audit</h2>\n<table>\n<tr><th>Column</th><th>Metric</th>")
        .append(
            "<th class=\"num\">Before</th><th class=\"num\">Now</th><th class=\"num\">Change</th><th>Previous run</th></tr>\n");
    for (MetricShift s : shifts) {
      double change = s.relativeChange();
      html.append("<tr><td><code>")
          .append(esc(where(s.dataset(), s.column())))
          .append("</code></td>")
          .append("<td>")
          .append(esc(s.metric()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(decimal(s.previous()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(decimal(s.current()))
          .append("</td>")
          .append("<td class=\"num ")
          .append(change >= 0 ? "shift-up" : "shift-down")
          .append("\">")
          .append(relative(change))
          .append("</td>")
          .append("<td class=\"mono muted\">")
          .append(esc(s.previousRunId()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void profiles(StringBuilder html, List<DatasetProfile> datasets) {
    html.append("<h2 id=\"profiles\">Column profiles</h2>\n");
    if (datasets.isEmpty()) {
      html.append("<p class=\"muted\">No datasets profiled.</p>\n");
    }
    for (DatasetProfile d : datasets) {
      html.append("<h3 id=\"")
          .append(anchor("ds", d.name()))
          .append("\">")
          .append(esc(d.name()))
          .append("</h3>\n")
          .append("<p class=\"dataset-meta\">")
          .append(esc(d.format()))
          .append(" · <span class=\"mono\">")
          .append(esc(d.location()))
          .append("</span> · ")
          .append(number(d.rows()))
          .append(" rows");
      if (d.unparseableRows() > 0) {
        html.append(" · <span class=\"shift-up\">")
            .append(number(d.unparseableRows()))
            .append(" unparseable</span>");
      }
      html.append(" · key <code>").append(esc(String.join(", ", d.key()))).append("</code></p>\n");
      columnTable(html, d.columns());
    }
  }

  private static void columnTable(StringBuilder html, List<ColumnProfile> columns) {
    html.append(
            "<div class=\"scroll\"><table class=\"profile\">\n<tr><th>Column</th><th>Type</th><th>Semantic</th><th>Complete</th>")
        .append(
            "<th class=\"num\">Distinct ≈</th><th class=\"num\">Blank</th><th class=\"num\">Placeholders</th>")
        .append(
            "<th class=\"num\">Meaningful</th><th class=\"num\">Min / max / mean</th><th class=\"num\">Length</th>")
        .append("<th>Inferred types</th></tr>\n");
    for (ColumnProfile c : columns) {
      boolean hasHistogram = c.histogram() != null && !c.histogram().isEmpty();
      html.append(hasHistogram ? "<tr class=\"above-hist\">" : "<tr>")
          .append("<td class=\"name\"><code>")
          .append(esc(c.name()))
          .append("</code>")
          .append(
              c.pii()
                  ? " <span class=\"badge pii\" title=\"personal data: values masked\">PII</span>"
                  : "")
          .append("</td>")
          .append("<td class=\"mono\">")
          .append(esc(c.sparkType()))
          .append("</td>")
          .append("<td>")
          .append(semantic(c.semanticType()))
          .append("</td>")
          .append("<td class=\"complete\">")
          .append(completeness(c.completeness()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(number(c.approxDistinct()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(number(c.blank()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(number(c.placeholders()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(number(c.meaningful()))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(stats(c))
          .append("</td>")
          .append("<td class=\"num\">")
          .append(range(c.minLength(), c.maxLength()))
          .append("</td>")
          .append("<td class=\"types\">")
          .append(inferredTypes(c.inferredTypes()))
          .append("</td></tr>\n");
      if (hasHistogram) {
        // Its own row under the column, so the table stays narrow enough for a laptop screen.
        html.append("<tr class=\"hist-row\"><td class=\"muted\">values</td><td colspan=\"10\">");
        histogram(html, c.histogram());
        html.append("</td></tr>\n");
      }
    }
    html.append("</table></div>\n");
  }

  /**
   * A horizontal bar per value, scaled to the most frequent one; long values are cut with the full
   * value as a tooltip.
   */
  private static void histogram(StringBuilder html, List<ColumnProfile.ValueCount> histogram) {
    long max = histogram.stream().mapToLong(ColumnProfile.ValueCount::count).max().orElse(1);
    html.append("<div class=\"hist\">");
    for (ColumnProfile.ValueCount v : histogram) {
      html.append("<div class=\"row\"><span class=\"label\" title=\"")
          .append(esc(v.value()))
          .append("\">")
          .append(valueLabel(v.value()))
          .append("</span><span class=\"track\"><span style=\"width:")
          .append(share(v.count(), max))
          .append("%\"></span></span>")
          .append("<span class=\"num\">")
          .append(number(v.count()))
          .append("</span></div>");
    }
    html.append("</div>");
  }

  // ---- small pieces

  private static String severityBadge(Severity s) {
    return "<span class=\"badge sev-" + s + "\">" + s + "</span>";
  }

  private static String categoryBadge(Category c) {
    return "<span class=\"badge cat cat-" + c + "\">" + c + "</span>";
  }

  private static String completeness(double completeness) {
    String width = String.format(Locale.ROOT, "%.1f", Math.max(0, Math.min(1, completeness)) * 100);
    return "<span class=\"bar"
        + (completeness < 0.5 ? " low" : "")
        + "\"><span style=\"width:"
        + width
        + "%\"></span></span>"
        + percent(completeness);
  }

  private static String stats(ColumnProfile c) {
    if (c.min() == null && c.max() == null && c.mean() == null) {
      return NONE;
    }
    return "<span class=\"muted\">min</span> "
        + decimal(c.min())
        + "<br><span class=\"muted\">max</span> "
        + decimal(c.max())
        + "<br><span class=\"muted\">mean</span> "
        + decimal(c.mean());
  }

  private static String semantic(String semanticType) {
    return semanticType == null || semanticType.isBlank() || semanticType.equals("none")
        ? "<span class=\"muted\">" + NONE + "</span>"
        : esc(semanticType);
  }

  /** Most frequent type first, zero counts left out. */
  private static String inferredTypes(Map<String, Long> types) {
    if (types == null) {
      return NONE;
    }
    String text =
        types.entrySet().stream()
            .filter(e -> e.getValue() != null && e.getValue() > 0)
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(e -> esc(e.getKey()) + " " + number(e.getValue()))
            .collect(Collectors.joining("<br>"));
    return text.isEmpty() ? NONE : text;
  }

  private static String valueLabel(String value) {
    if (value == null) {
      return "<i class=\"muted\">null</i>";
    }
    if (value.isEmpty()) {
      return "<i class=\"muted\">(empty)</i>";
    }
    int cut =
        value.codePointCount(0, value.length()) > MAX_LABEL
            ? value.offsetByCodePoints(0, MAX_LABEL)
            : value.length();
    return cut < value.length() ? esc(value.substring(0, cut)) + "…" : esc(value);
  }

  /**
   * Evidence values are mostly counts; a fractional value under a key naming a share is shown as a
   * percentage.
   */
  private static String evidence(String key, Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return key.toLowerCase(Locale.ROOT).contains("share") && d >= 0 && d <= 1
          ? percent(d)
          : decimal(d);
    }
    if (value instanceof Number n) {
      return number(n.longValue());
    }
    return value == null ? NONE : esc(String.valueOf(value));
  }

  private static String where(String dataset, String column) {
    return column == null || column.isBlank() ? dataset : dataset + "." + column;
  }

  private static String anchor(String prefix, String name) {
    return prefix + "-" + esc(name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "_"));
  }

  private static String time(Instant instant) {
    return instant == null ? NONE : TIME.format(instant);
  }

  private static String took(AuditResult r) {
    if (r.startedAt() == null || r.finishedAt() == null) {
      return "";
    }
    Duration d = Duration.between(r.startedAt(), r.finishedAt());
    String text =
        d.toHours() > 0
            ? d.toHours() + " h " + d.toMinutesPart() + " min"
            : d.toMinutes() > 0
                ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
                : d.toSeconds() + " s";
    return " <span class=\"muted\">(" + text + ")</span>";
  }

  private static String shortHash(String hash) {
    return hash == null ? NONE : hash.length() > 12 ? hash.substring(0, 12) : hash;
  }

  private static String range(Integer min, Integer max) {
    return min == null && max == null
        ? NONE
        : (min == null ? NONE : number(min)) + "–" + (max == null ? NONE : number(max));
  }

  // ---- numbers

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Whole numbers with separators, others to two decimals, small fractions to four significant
   * digits.
   */
  private static String decimal(Double d) {
    if (d == null || d.isNaN()) {
      return NONE;
    }
    if (d.isInfinite()) {
      return d > 0 ? "∞" : "−∞";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return number(d.longValue());
    }
    if (Math.abs(d) >= 1) {
      return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(d);
    }
    return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /**
   * A share as a percentage, never rounding a non-zero share to 0 % or an incomplete one to 100 %.
   */
  private static String percent(double share) {
    if (Double.isNaN(share)) {
      return NONE;
    }
    if (share > 0 && share < 0.001) {
      return "&lt; 0.1%";
    }
    if (share > 0.999 && share < 1) {
      return "&gt; 99.9%";
    }
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String relative(double change) {
    if (Double.isInfinite(change)) {
      return "new";
    }
    return (change >= 0 ? "+" : "−")
        + String.format(Locale.ROOT, "%,.1f%%", Math.abs(change) * 100);
  }

  private static String share(long count, long max) {
    return String.format(Locale.ROOT, "%.1f", max <= 0 ? 0 : 100.0 * count / max);
  }

  // ---- escaping and resources

  /**
   * Escapes the five characters that matter in HTML text and attribute values; null becomes the
   * empty string.
   */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String loadCss() {
    try (InputStream in = AuditHtmlWriter.class.getResourceAsStream("report.css")) {
      if (in == null) {
        throw new IllegalStateException(
            "report.css is missing next to AuditHtmlWriter on the classpath; the audit-jobs jar is incomplete");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read report.css from the audit-jobs jar", e);
    }
  }

  private static void deleteQuietly(Path tmp, IOException cause) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
