package io.cutover.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.cutover.core.delta.AppendOnlyTable;
import io.cutover.core.delta.CohortRuns;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The record of each committed stage run and rollback: a row in the runs Delta table (what
 * reconcile and rollback read) and a JSON file under reports/stage/COHORT/RUN.json
 * (reports/rollback/... for a rollback) for people and notebooks.
 */
public final class StageRunLog {
  public static final String FORMAT = "cutover.stage.run/1";
  static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("kind", DataTypes.StringType, false)
          .add(StageColumns.COHORT, DataTypes.StringType, false)
          .add("spec_hash", DataTypes.StringType, false)
          .add("rules_hash", DataTypes.StringType, false)
          .add("source_rows", DataTypes.LongType, false)
          .add("staged", DataTypes.LongType, false)
          .add("quarantined", DataTypes.LongType, false)
          .add("excluded", DataTypes.LongType, false)
          .add("merged", DataTypes.LongType, false)
          .add("by_rule", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
          .add("staged_version", DataTypes.LongType, false)
          .add("started_at", DataTypes.TimestampType, false)
          .add("finished_at", DataTypes.TimestampType, false)
          // Nullable inside: Delta enforces no NOT NULL nested in an array.
          .add(
              CohortRuns.TABLES,
              DataTypes.createArrayType(
                  new StructType()
                      .add("table", DataTypes.StringType)
                      .add("rules_hash", DataTypes.StringType)
                      .add("source_rows", DataTypes.LongType)
                      .add("staged", DataTypes.LongType)
                      .add("quarantined", DataTypes.LongType)
                      .add("excluded", DataTypes.LongType)
                      .add("merged", DataTypes.LongType)
                      .add("staged_version", DataTypes.LongType),
                  true),
              true);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final SparkSession spark;
  private final MigrationSpec spec;

  public StageRunLog(SparkSession spark, MigrationSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /** One row per cohort in one Delta commit, then each cohort's JSON file. */
  void append(List<StageResult> results) {
    List<Row> rows = new java.util.ArrayList<>();
    for (StageResult r : results) {
      rows.add(
          RowFactory.create(
              r.runId(),
              "stage",
              r.cohort(),
              r.specHash(),
              r.rulesHash(),
              r.sourceRows(),
              r.staged(),
              r.quarantined(),
              r.excluded(),
              r.merged(),
              scala.collection.JavaConverters.mapAsScalaMap(r.byRule()),
              r.stagedVersion(),
              Timestamp.from(r.startedAt()),
              Timestamp.from(r.finishedAt()),
              tables(r)));
    }
    AppendOnlyTable.append(
        spark.createDataFrame(rows, SCHEMA).coalesce(1), spec.target().runsPath());
    results.forEach(this::writeJson);
  }

  /**
   * Each staged table of the run (the cohort source's first): its counts and the version its commit
   * made.
   */
  private static List<Row> tables(StageResult r) {
    return r.tables().stream()
        .map(
            t ->
                RowFactory.create(
                    t.table(),
                    t.rulesHash(),
                    t.sourceRows(),
                    t.staged(),
                    t.quarantined(),
                    t.excluded(),
                    t.merged(),
                    t.stagedVersion()))
        .toList();
  }

  /**
   * A rollback's row: kind "rollback", the counts and rule-set hash of the stage run the cohort
   * holds again (zeros and "" for none), the staged version the rollback committed, and which run
   * it undid and which it restored.
   */
  void appendRollback(RollbackResult r, java.util.Optional<Row> restored) {
    StructType schema =
        SCHEMA
            .add(CohortRuns.UNDONE, DataTypes.StringType, false)
            .add(CohortRuns.RESTORED, DataTypes.StringType, true);
    Row row =
        RowFactory.create(
            r.runId(),
            CohortRuns.ROLLBACK,
            r.cohort(),
            spec.hash(),
            restored.map(x -> x.<String>getAs("rules_hash")).orElse(""),
            count(restored, "source_rows"),
            r.rowsAfter(),
            count(restored, "quarantined"),
            count(restored, "excluded"),
            count(restored, "merged"),
            scala.collection.JavaConverters.mapAsScalaMap(java.util.Map.<String, Long>of()),
            r.stagedVersion(),
            Timestamp.from(r.startedAt()),
            Timestamp.from(r.finishedAt()),
            null,
            r.undoneRunId(),
            r.restoredRunId());
    AppendOnlyTable.append(
        spark.createDataFrame(List.of(row), schema).coalesce(1), spec.target().runsPath());
    write(
        Path.of(spec.reportsPath(), "rollback", r.cohort(), r.runId() + ".json"),
        "cutover.rollback.run/1",
        r,
        "Cohort " + r.cohort() + " is rolled back (Delta version " + r.stagedVersion() + ")");
  }

  private static long count(java.util.Optional<Row> run, String column) {
    return run.map(x -> x.<Long>getAs(column)).orElse(0L);
  }

  public Path jsonPath(StageResult r) {
    return Path.of(spec.reportsPath(), "stage", r.cohort(), r.runId() + ".json");
  }

  private void writeJson(StageResult r) {
    write(
        jsonPath(r),
        FORMAT,
        r,
        "Cohort " + r.cohort() + " is staged (Delta version " + r.stagedVersion() + ")");
  }

  /**
   * The record as JSON with its format first, written whole or not at all; {@code done} says what
   * already happened.
   */
  private static void write(Path file, String format, Object record, String done) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      com.fasterxml.jackson.databind.node.ObjectNode root =
          JSON.createObjectNode().put("format", format);
      root.setAll((com.fasterxml.jackson.databind.node.ObjectNode) JSON.valueToTree(record));
      Files.writeString(tmp, JSON.writeValueAsString(root));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw CutoverException.runtime(
          done + " but its run record could not be written to " + file + ": " + e.getMessage(), e);
    }
  }
}
