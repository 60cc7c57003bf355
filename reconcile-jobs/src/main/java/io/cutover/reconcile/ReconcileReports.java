package io.cutover.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
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
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a reconciliation: reconcile.json and a self-contained reconcile.html in reports/reconcile/COHORT/RUN
 * (written to a temporary folder, then renamed), and a row in the verdicts Delta table.
 */
public final class ReconcileReports {
    public static final String FORMAT = "cutover.reconcile.report/1";
    static final StructType VERDICTS = new StructType()
            .add(StageColumns.COHORT, DataTypes.StringType, false)
            .add("run_id", DataTypes.StringType, false)
            .add("verdict", DataTypes.StringType, false)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType), false)
            .add("stage_run_id", DataTypes.StringType, false)
            .add("staged_version", DataTypes.LongType, false)
            .add("checked_at", DataTypes.TimestampType, false);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;
    private final MigrationSpec spec;

    public ReconcileReports(SparkSession spark, MigrationSpec spec) {
        this.spark = spark;
        this.spec = spec;
    }

    /** Where the files went, and what moved since the cohort's previous reconcile. */
    public record Written(Path json, Path html, String verdictsTable, String metricsTable, ReconcileMetrics.SincePrevious sincePrevious) {
    }

    public Written write(ReconcileResult result) {
        ReconcileMetrics metrics = new ReconcileMetrics(spark, spec.reportsPath() + "/reconcile-metrics", spec.name());
        ReconcileMetrics.SincePrevious since = metrics.compare(result);
        Path parent = Path.of(spec.reportsPath(), "reconcile", result.cohort());
        Path folder = parent.resolve(result.runId());
        Path staging = parent.resolve("." + result.runId() + ".tmp");
        try {
            Files.createDirectories(staging);
            ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
            root.setAll((ObjectNode) JSON.valueToTree(result));
            root.set("since_previous", JSON.valueToTree(since));
            Files.writeString(staging.resolve("reconcile.json"), JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("reconcile.html"), html(result, since), StandardCharsets.UTF_8);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CutoverException.runtime("Cannot write the reconcile report under " + parent + ": " + e.getMessage(), e);
        }
        spark.createDataFrame(List.of(RowFactory.create(result.cohort(), result.runId(), result.verdict().name(),
                        scala.collection.JavaConverters.asScalaBuffer(result.reasons()).toSeq(), result.stageRunId(), result.stagedVersion(),
                        Timestamp.from(result.finishedAt()))), VERDICTS)
                .coalesce(1).write().format("delta").mode("append").save(spec.target().verdictsPath());
        metrics.append(result);
        return new Written(folder.resolve("reconcile.json"), folder.resolve("reconcile.html"), spec.target().verdictsPath(), metrics.path(), since);
    }

    static String html(ReconcileResult r, ReconcileMetrics.SincePrevious since) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reconcile ")
                .append(esc(r.cohort())).append("</title><style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}"
                        + ".PASS{color:#fff;background:#2e7d32}.WARN{color:#000;background:#f9a825}.FAIL{color:#fff;background:#c62828}"
                        + ".badge{padding:.1rem .5rem;border-radius:.3rem;font-weight:600}</style></head><body>")
                .append("<h1>Cohort ").append(esc(r.cohort())).append(": <span class=\"badge ").append(r.verdict()).append("\">").append(r.verdict()).append("</span></h1>")
                .append("<p>Reconcile run ").append(esc(r.runId())).append(" of stage run ").append(esc(r.stageRunId()))
                .append(", staged Delta version ").append(r.stagedVersion()).append(", ").append(esc(String.valueOf(r.finishedAt()))).append("</p>")
                .append("<table><tr><th>check</th><th>verdict</th><th>finding</th><th>numbers</th><th>examples</th></tr>");
        for (CheckOutcome c : r.checks()) {
            out.append("<tr><td>").append(esc(c.check())).append("</td><td><span class=\"badge ").append(c.verdict()).append("\">").append(c.verdict())
                    .append("</span></td><td>").append(esc(c.message())).append("</td><td>");
            for (Map.Entry<String, Object> e : c.numbers().entrySet()) {
                out.append(esc(e.getKey())).append(": ").append(esc(String.valueOf(e.getValue()))).append("<br>");
            }
            out.append("</td><td>").append(esc(String.join(" | ", c.examples()))).append("</td></tr>");
        }
        out.append("</table>");
        if (since.runId() != null) {
            out.append("<h2>Since reconcile run ").append(esc(since.runId())).append("</h2>");
            if (since.changed().isEmpty()) {
                out.append("<p>No number moved.</p>");
            } else {
                out.append("<table><tr><th>check</th><th>number</th><th>then</th><th>now</th></tr>");
                for (ReconcileMetrics.Change c : since.changed()) {
                    out.append("<tr><td>").append(esc(c.check())).append("</td><td>").append(esc(c.metric())).append("</td><td>").append(c.before())
                            .append("</td><td>").append(c.after()).append("</td></tr>");
                }
                out.append("</table>");
            }
        }
        return out.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
