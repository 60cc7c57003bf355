package io.cutover.reconcile;

import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A one-table migration for the checks' unit tests: a small spec in a temporary folder, legacy rows
 * given inline (cohort included), the rules over them as reconcile runs them, and a context over
 * those and the staged rows a test gives (the rows a clean stage writes, with a defect planted).
 * Rules: balance cast to a decimal (quarantined when it does not read), plan 'closed' excluded.
 */
final class CheckFixture {
  static final Instant STAGED_AT = Instant.parse("2026-11-28T12:00:00Z");
  static final StructType LEGACY =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("plan", DataTypes.StringType)
          .add("balance", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("updated_at", DataTypes.TimestampType)
          .add(StageColumns.COHORT, DataTypes.StringType);
  final SparkSession spark;
  final MigrationSpec spec;
  final Dataset<Row> legacy;
  private final RuleCompiler compiler;

  /** {@code settings}: more HOCON for the spec (e.g. a reconcile section), may be empty. */
  CheckFixture(SparkSession spark, Path dir, List<Row> legacyRows, String settings) {
    this.spark = spark;
    this.spec = spec(dir, settings);
    this.legacy = spark.createDataFrame(legacyRows, LEGACY);
    this.compiler =
        new RuleCompiler(
            spec, spec.source("people"), LocalDate.ofInstant(STAGED_AT, java.time.ZoneOffset.UTC));
  }

  CheckFixture(SparkSession spark, Path dir, List<Row> legacyRows) {
    this(spark, dir, legacyRows, "");
  }

  private static MigrationSpec spec(Path dir, String settings) {
    Path file = dir.resolve("checks.conf");
    try {
      Files.writeString(
          file,
          """
          name = t
          work-dir = "%s"
          sources { people { format = parquet, path = people, key = [id], last-updated = updated_at } }
          cohorts { source = people, count = 2 }
          target {
            table = people, path = staged
            columns {
              id { type = bigint, nullable = false }
              plan { type = string }
              balance { type = "decimal(18,2)" }
              email { type = string, nullable = false }
              updated_at { type = timestamp }
            }
            checks = [ { name = balance_in_range, expression = "balance BETWEEN 0 AND 1000" } ]
          }
          rules { people = [
            { type = cast, column = balance, to = "decimal(18,2)", on-fail = quarantine }
            { type = exclude, name = closed, expression = "plan = 'closed'", reason = "closed" }
          ] }
          %s
          """
              .formatted(dir, settings));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SpecLoader.load(file, Map.of(), Map.of());
  }

  /**
   * The usual legacy rows: c0 holds 1 to 8 (staged clean), 9 (balance unreadable: quarantined) and
   * 10 (plan closed: excluded); c1 holds 11 and 12.
   */
  static List<Row> rows() {
    return List.of(
        legacy(1, "basic", "10.50", "a@example.com", "2026-01-01 00:00:00", "c0"),
        legacy(2, "basic", "20.00", "b@example.com", "2026-01-02 00:00:00", "c0"),
        legacy(3, "pro", "30.25", "c@example.com", "2026-01-03 00:00:00", "c0"),
        legacy(4, "pro", "40.00", "d@example.com", "2026-01-04 00:00:00", "c0"),
        legacy(5, "basic", "10.55", "e@example.com", "2026-01-05 00:00:00", "c0"),
        legacy(6, "pro", "60.00", "f@example.com", "2026-01-06 00:00:00", "c0"),
        legacy(7, "basic", "70.00", "g@example.com", "2026-01-07 00:00:00", "c0"),
        legacy(8, "pro", "80.00", "h@example.com", "2026-01-08 00:00:00", "c0"),
        legacy(9, "pro", "abc", "i@example.com", "2026-01-09 00:00:00", "c0"),
        legacy(10, "closed", "1.00", "j@example.com", "2026-01-10 00:00:00", "c0"),
        legacy(11, "basic", "11.00", "k@example.com", "2026-01-11 00:00:00", "c1"),
        legacy(12, "pro", "12.00", "l@example.com", "2026-01-12 00:00:00", "c1"));
  }

  /** What the rules quarantine and exclude of {@link #rows()}, by cohort. */
  static final Map<String, Long> QUARANTINED = Map.of("c0", 1L, "c1", 0L);

  static final Map<String, Long> EXCLUDED = Map.of("c0", 1L, "c1", 0L);

  /** A legacy row; {@code updated} is a timestamp like "2026-01-01 00:00:00". */
  static Row legacy(long id, String plan, String balance, String email, String updated, String c) {
    return RowFactory.create(id, plan, balance, email, Timestamp.valueOf(updated), c);
  }

  /** What a clean stage of the legacy rows writes. */
  Dataset<Row> cleanStage() {
    return compiler.compile(legacy).staged();
  }

  String rulesHash() {
    return compiler.rulesHash();
  }

  /** The stage run of each cohort, recorded with the spec's rules as they are now. */
  Map<String, StageRun> runs(List<String> cohorts) {
    Map<String, StageRun> out = new TreeMap<>();
    cohorts.forEach(
        c ->
            out.put(
                c, new StageRun(c, "stage-" + c, rulesHash(), 0, 0, 0, 0, 0, STAGED_AT, Map.of())));
    return out;
  }

  ReconcileContext.Subject subject(List<String> cohorts) {
    return new ReconcileContext.Subject(
        spec, spec.source("people"), spec.target(), cohorts, runs(cohorts), rulesHash());
  }

  /**
   * A context over every legacy row through the rules and {@code staged}, with the stage runs'
   * quarantined and excluded rows counted as given (by cohort).
   */
  ReconcileContext context(
      List<String> cohorts,
      Dataset<Row> staged,
      Map<String, Long> quarantined,
      Map<String, Long> excluded) {
    ReconcileContext context = new ReconcileContext(subject(cohorts));
    Dataset<Row> theirs = legacy.filter(legacy.col(StageColumns.COHORT).isin(cohorts.toArray()));
    Recompute every = context.own(Recompute.everyRow(theirs), Recompute::release);
    return context.load(
        theirs,
        staged.filter(staged.col(StageColumns.COHORT).isin(cohorts.toArray())),
        every,
        every.compiled(compiler, compiler.compile(theirs), spec.source("people").key()),
        Rejections.counted(quarantined, excluded));
  }

  /** A context over both cohorts, with the rules' quarantined and excluded rows counted. */
  ReconcileContext context(Dataset<Row> staged) {
    return context(List.of("c0", "c1"), staged, QUARANTINED, EXCLUDED);
  }
}
