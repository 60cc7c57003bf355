package io.cutover.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.cutover.core.delta.AppendOnlyTable;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a reconciliation: per cohort reconcile.json and a self-contained reconcile.html in
 * reports/reconcile/COHORT/RUN (written to a temporary folder, then renamed), a summary page in
 * reports/reconcile/_runs/RUN when the run checked several cohorts, and a row per cohort in the
 * verdicts Delta table (and a line per cohort in the run's JSON Lines file, {@link
 * VerdictsJsonLines}).
 */
public final class ReconcileReports {
  public static final String FORMAT = "cutover.reconcile.report/1";
  public static final String SUMMARY_FORMAT = "cutover.reconcile.summary/1";
  static final StructType VERDICTS =
      new StructType()
          .add(StageColumns.COHORT, DataTypes.StringType, false)
          .add("run_id", DataTypes.StringType, false)
          .add("verdict", DataTypes.StringType, false)
          .add("reasons", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("stage_run_id", DataTypes.StringType, false)
          .add("staged_version", DataTypes.LongType, false)
          .add("checked_at", DataTypes.TimestampType, false);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final MigrationSpec spec;

  public ReconcileReports(SparkSession spark, MigrationSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /** Where a cohort's files went, and what moved since the cohort's previous reconcile. */
  public record Written(
      Path json,
      Path html,
      String verdictsTable,
      String metricsTable,
      ReconcileMetrics.SincePrevious sincePrevious) {}

  /**
   * Each cohort's files, and for a run over several cohorts a summary page and JSON (null for one
   * cohort).
   */
  public record WrittenRun(Path summaryJson, Path summaryHtml, Map<String, Written> cohorts) {}

  public Written write(ReconcileResult result) {
    return write(new ReconcileRun(result.runId(), List.of(result), List.of()))
        .cohorts()
        .get(result.cohort());
  }

  /**
   * Writes every cohort's report folder, then one commit to the verdicts table and one to the
   * metrics table for the whole run, so reconciling a hundred cohorts is not two hundred Delta
   * commits.
   */
  public WrittenRun write(ReconcileRun run) {
    ReconcileMetrics metrics =
        new ReconcileMetrics(spark, spec.reportsPath() + "/reconcile-metrics", spec.name());
    Map<String, ReconcileMetrics.SincePrevious> since = metrics.compare(run.cohorts());
    Map<String, Written> written = new LinkedHashMap<>();
    List<Row> verdicts = new ArrayList<>();
    for (ReconcileResult result : run.cohorts()) {
      ReconcileMetrics.SincePrevious previous = since.get(result.cohort());
      Path folder =
          publish(
              Path.of(spec.reportsPath(), "reconcile", result.cohort()),
              result.runId(),
              Map.of(
                  "reconcile.json",
                  json(result, previous),
                  "reconcile.html",
                  html(result, previous)));
      written.put(
          result.cohort(),
          new Written(
              folder.resolve("reconcile.json"),
              folder.resolve("reconcile.html"),
              spec.target().verdictsPath(),
              metrics.path(),
              previous));
      verdicts.add(
          RowFactory.create(
              result.cohort(),
              result.runId(),
              result.verdict().name(),
              scala.collection.JavaConverters.asScalaBuffer(result.reasons()).toSeq(),
              result.stageRunId(),
              result.stagedVersion(),
              Timestamp.from(result.finishedAt())));
    }
    Path summaryJson = null;
    Path summaryHtml = null;
    if (run.cohorts().size() > 1 || !run.notStaged().isEmpty()) {
      ObjectNode root =
          JSON.createObjectNode()
              .put("format", SUMMARY_FORMAT)
              .put("run_id", run.runId())
              .put("verdict", run.verdict().name());
      root.set(
          "cohorts",
          JSON.valueToTree(
              run.cohorts().stream()
                  .map(
                      r ->
                          Map.of(
                              "cohort",
                              r.cohort(),
                              "run_id",
                              r.runId(),
                              "verdict",
                              r.verdict().name(),
                              "reasons",
                              r.reasons(),
                              "report",
                              written.get(r.cohort()).json().toString()))
                  .toList()));
      root.set("not_staged", JSON.valueToTree(run.notStaged()));
      Path folder =
          publish(
              Path.of(spec.reportsPath(), "reconcile", "_runs"),
              run.runId(),
              Map.of("summary.json", json(root), "summary.html", summaryHtml(run, written)));
      summaryJson = folder.resolve("summary.json");
      summaryHtml = folder.resolve("summary.html");
    }
    AppendOnlyTable.append(
        spark.createDataFrame(verdicts, VERDICTS).coalesce(1), spec.target().verdictsPath());
    metrics.append(run.cohorts());
    VerdictsJsonLines.write(spec, run);
    return new WrittenRun(summaryJson, summaryHtml, written);
  }

  /**
   * Writes the files into a temporary folder, then renames it to {@code parent/name}: a reader
   * never sees half a report.
   */
  private static Path publish(Path parent, String name, Map<String, String> files) {
    Path folder = parent.resolve(name);
    Path staging = parent.resolve("." + name + ".tmp");
    try {
      Files.createDirectories(staging);
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(staging.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      }
      Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CutoverException.runtime(
          "Cannot write the reconcile report under " + parent + ": " + e.getMessage(), e);
    }
    return folder;
  }

  /**
   * A cohort's reconcile.json: the result (each check with its numbers and its keys by defect) and
   * what moved since the previous run.
   */
  static String json(ReconcileResult result, ReconcileMetrics.SincePrevious previous) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    root.setAll((ObjectNode) JSON.valueToTree(result));
    root.set("since_previous", JSON.valueToTree(previous));
    return json(root);
  }

  private static String json(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String summaryHtml(ReconcileRun run, Map<String, Written> written) {
    StringBuilder out =
        new StringBuilder(head("Reconcile run " + run.runId()))
            .append("<h1>Reconcile run ")
            .append(esc(run.runId()))
            .append(": <span class=\"badge ")
            .append(run.verdict())
            .append("\">")
            .append(run.verdict())
            .append("</span></h1><p>")
            .append(run.cohorts().size())
            .append(" cohorts checked: ")
            .append(run.count(Verdict.PASS))
            .append(" PASS, ")
            .append(run.count(Verdict.WARN))
            .append(" WARN, ")
            .append(run.count(Verdict.FAIL))
            .append(" FAIL");
    if (!run.notStaged().isEmpty()) {
      out.append("; ")
          .append(run.notStaged().size())
          .append(" never staged, not checked: ")
          .append(esc(String.join(", ", run.notStaged())));
    }
    out.append("</p>");
    grid(run, written, out);
    out.append("<h2>Cohorts, failures first</h2>")
        .append("<table><tr><th>cohort</th><th>verdict</th><th>reasons</th></tr>");
    // Failures first: the page is read to find what blocks the cutover.
    List<ReconcileResult> ordered = new ArrayList<>(run.cohorts());
    ordered.sort(
        java.util.Comparator.comparing((ReconcileResult r) -> -r.verdict().ordinal())
            .thenComparing(ReconcileResult::cohort));
    for (ReconcileResult r : ordered) {
      out.append("<tr><td><a href=\"")
          .append(link(r, written))
          .append("\">")
          .append(esc(r.cohort()))
          .append("</a></td><td><span class=\"badge ")
          .append(r.verdict())
          .append("\">")
          .append(r.verdict())
          .append("</span></td><td>")
          .append(esc(String.join("; ", r.reasons())))
          .append("</td></tr>");
    }
    return out.append("</table></body></html>\n").toString();
  }

  /** The summary page's link to a cohort's page, relative to reconcile/_runs/RUN. */
  private static String link(ReconcileResult r, Map<String, Written> written) {
    Path report = written.get(r.cohort()).html();
    return "../../"
        + esc(r.cohort())
        + '/'
        + esc(report.getParent().getFileName().toString())
        + "/reconcile.html";
  }

  /**
   * Every cohort of the run as a cell coloured by its verdict, in cohort order (never staged ones
   * grey), so a hundred cohorts read at a glance.
   */
  private static void grid(ReconcileRun run, Map<String, Written> written, StringBuilder out) {
    java.util.SortedMap<String, String> cells = new java.util.TreeMap<>();
    for (ReconcileResult r : run.cohorts()) {
      cells.put(
          r.cohort(),
          "<a class=\"cell "
              + r.verdict()
              + "\" href=\""
              + link(r, written)
              + "\" title=\""
              + esc(r.cohort() + ": " + r.verdict() + reasonsTitle(r))
              + "\">"
              + esc(r.cohort())
              + "</a>");
    }
    for (String c : run.notStaged()) {
      cells.put(
          c,
          "<span class=\"cell NONE\" title=\"" + esc(c) + ": never staged\">" + esc(c) + "</span>");
    }
    out.append("<div class=\"legend\"><span class=\"cell PASS\">PASS</span>")
        .append("<span class=\"cell WARN\">WARN</span><span class=\"cell FAIL\">FAIL</span>")
        .append(
            "<span class=\"cell NONE\">never staged</span></div><div id=\"grid\" class=\"grid\">");
    cells.values().forEach(out::append);
    out.append("</div>");
  }

  private static String reasonsTitle(ReconcileResult r) {
    return r.reasons().isEmpty() ? "" : " (" + String.join("; ", r.reasons()) + ")";
  }

  private static String head(String title) {
    // Self-contained: inline CSS only, and a policy that lets the browser load nothing else.
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        + "<title>"
        + esc(title)
        + "</title><style>"
        + "body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:80rem}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
        // Long hashes and key lists may break anywhere; names and badges never.
        + "th,td:first-child,.badge{overflow-wrap:normal;white-space:nowrap}"
        + ".PASS{color:#fff;background:#2e7d32}.WARN{color:#000;background:#f9a825}.FAIL{color:#fff;background:#c62828}"
        + ".NONE{color:#444;background:#e0e0e0}"
        + ".badge{padding:.1rem .5rem;border-radius:.3rem;font-weight:600}"
        + ".todo{border-left:.4rem solid #c62828;background:#fff5f5;padding:.5rem 1rem;margin:1rem 0}"
        + ".todo.ok{border-color:#2e7d32;background:#f3faf3}.todo li{margin:.4rem 0}"
        + ".keys{font-family:ui-monospace,monospace}"
        + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(4.5rem,1fr));gap:.3rem;margin:1rem 0}"
        + ".cell{display:inline-block;text-align:center;padding:.4rem .2rem;border-radius:.3rem;font-weight:600;text-decoration:none}"
        + ".legend .cell{padding:.1rem .5rem;margin-right:.4rem}</style></head><body>";
  }

  static String html(ReconcileResult r, ReconcileMetrics.SincePrevious since) {
    StringBuilder out =
        new StringBuilder(head("Reconcile " + r.cohort()))
            .append("<h1>Cohort ")
            .append(esc(r.cohort()))
            .append(": <span class=\"badge ")
            .append(r.verdict())
            .append("\">")
            .append(r.verdict())
            .append("</span></h1>")
            .append("<p>Reconcile run ")
            .append(esc(r.runId()))
            .append(" of stage run ")
            .append(esc(r.stageRunId()))
            .append(", staged Delta version ")
            .append(r.stagedVersion())
            .append(", ")
            .append(esc(String.valueOf(r.finishedAt())))
            .append("</p>");
    todo(r, out);
    out.append("<h2>Every check</h2>")
        .append(
            "<table><tr><th>check</th><th>verdict</th><th>finding</th><th>numbers</th><th>examples</th></tr>");
    for (CheckOutcome c : r.checks()) {
      out.append("<tr><td>")
          .append(esc(c.check()))
          .append("</td><td><span class=\"badge ")
          .append(c.verdict())
          .append("\">")
          .append(c.verdict())
          .append("</span></td><td>")
          .append(esc(c.message()))
          .append("</td><td>");
      for (Map.Entry<String, Object> e : c.numbers().entrySet()) {
        out.append(esc(e.getKey()))
            .append(": ")
            .append(esc(String.valueOf(e.getValue())))
            .append("<br>");
      }
      out.append("</td><td>");
      if (c.keys().isEmpty()) {
        out.append(esc(String.join(" | ", c.examples())));
      }
      // The keys by defect, so a reader can look each row up.
      c.keys()
          .forEach(
              (defect, keys) ->
                  out.append(esc(defect))
                      .append(": ")
                      .append(esc(String.join(", ", keys)))
                      .append("<br>"));
      out.append("</td></tr>");
    }
    out.append("</table>");
    if (since.runId() != null) {
      out.append("<h2>Since reconcile run ").append(esc(since.runId())).append("</h2>");
      if (since.changed().isEmpty()) {
        out.append("<p>No number moved.</p>");
      } else {
        out.append("<table><tr><th>check</th><th>number</th><th>then</th><th>now</th></tr>");
        for (ReconcileMetrics.Change c : since.changed()) {
          out.append("<tr><td>")
              .append(esc(c.check()))
              .append("</td><td>")
              .append(esc(c.metric()))
              .append("</td><td>")
              .append(c.before())
              .append("</td><td>")
              .append(c.after())
              .append("</td></tr>");
        }
        out.append("</table>");
      }
    }
    return out.append("</body></html>\n").toString();
  }

  /**
   * What to do first: each check that did not pass, with its keys by defect (or its examples), so
   * the page is read top-down as a to-do list; a PASS says that nothing blocks the cutover.
   */
  private static void todo(ReconcileResult r, StringBuilder out) {
    List<CheckOutcome> open = r.checks().stream().filter(c -> c.verdict() != Verdict.PASS).toList();
    if (open.isEmpty()) {
      out.append("<section id=\"todo\" class=\"todo ok\"><h2>What to do</h2>")
          .append("<p>Nothing: all ")
          .append(r.checks().size())
          .append(" checks passed; this cohort may cut over.</p></section>");
      return;
    }
    out.append("<section id=\"todo\" class=\"todo\"><h2>What to do</h2><p>")
        .append(
            r.verdict() == Verdict.FAIL
                ? "Fix the rule or the legacy rows behind these keys, stage the cohort again, then reconcile it."
                : "Sync the cohort (legacy rows changed after staging), then reconcile it again.")
        .append("</p><ol>");
    for (CheckOutcome c : open) {
      out.append("<li><span class=\"badge ")
          .append(c.verdict())
          .append("\">")
          .append(c.verdict())
          .append("</span> <b class=\"check\">")
          .append(esc(c.check()))
          .append("</b>: ")
          .append(esc(c.message()));
      c.keys()
          .forEach(
              (defect, keys) ->
                  out.append("<br>")
                      .append(esc(defect))
                      .append(" keys: <span class=\"keys\">")
                      .append(esc(String.join(", ", keys)))
                      .append("</span>"));
      if (c.keys().isEmpty() && !c.examples().isEmpty()) {
        out.append("<br>e.g. <span class=\"keys\">")
            .append(esc(String.join(" | ", c.examples())))
            .append("</span>");
      }
      out.append("</li>");
    }
    out.append("</ol></section>");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
