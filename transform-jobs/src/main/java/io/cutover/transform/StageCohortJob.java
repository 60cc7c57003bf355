package io.cutover.transform;

import io.cutover.core.delta.AppendOnlyTable;
import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.ParentOutcome;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.Reference;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.spec.TargetSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Stages one cohort, or with {@link StageOptions#ALL_COHORTS} every cohort at once: reads the
 * legacy rows of the cohort, applies the spec's rules, and writes staged rows, quarantined rows
 * (with rule and reason) and excluded or merged rows (with rule) into Delta tables, checking before
 * it reports success that every source row went exactly one way. Every other source with rules that
 * references the cohort source ({@link MigrationSpec#stagedSources()}) is staged with it into its
 * own tables, parents first: a child row is in its parent's cohort, and quarantined when its parent
 * does not stage ({@link ParentOutcome}).
 *
 * <p>Cost: one scan of the source (the cohort is computed from the key, so the whole source is
 * read), one pass over the cached result of the rules for the counts, three Delta writes from the
 * cache (the staged one replaces exactly the cohort's partition with {@code replaceWhere},
 * atomically; for all cohorts the whole table), then metadata-cheap counts for the conservation
 * check. A deduplicate rule adds one shuffle. Staging all cohorts in one run costs one scan instead
 * of one per cohort; each cohort still gets its own run id ({@code <run>-<cohort>}) and run record,
 * so reconcile and rollback see the same records as after one run per cohort. Spark's shuffle
 * partitions are scaled to the share of cohorts staged (one cohort of 100: 1%, never below the
 * parallelism), since the cached rows keep the deduplication shuffle's partitions.
 */
public final class StageCohortJob {
  private final SparkSession spark;
  private final MigrationSpec spec;
  private final StageOptions options;
  private final Progress progress;

  public StageCohortJob(
      SparkSession spark, MigrationSpec spec, StageOptions options, Progress progress) {
    this.spark = spark;
    this.spec = spec;
    this.options = options;
    this.progress = progress;
  }

  /**
   * One source staged by the run: where it goes, its rules, and its rows through them (cached while
   * the run lasts).
   */
  private record Staging(
      SourceSpec source,
      TargetSpec target,
      RuleCompiler compiler,
      RuleCompiler.Compiled compiled,
      Dataset<Row> rows,
      Map<String, Counts> counts) {}

  /** A table the run committed, and its version before: what a failed run puts back. */
  private record Written(Staging staging, long before, long version) {}

  public StageResult run() {
    List<String> cohorts =
        options.allCohorts()
            ? spec.cohorts().ids()
            : List.of(spec.cohorts().require(options.cohort()));
    SparkSession session = LegacyDataSession.cloneOf(spark);
    LegacyDataSession.scaleShufflePartitions(session, cohorts.size(), spec.cohorts().count());
    LocalDate today = LocalDate.ofInstant(options.now(), ZoneOffset.UTC);
    SourceReader reader = new SourceReader(session);
    Map<String, Dataset<Row>> legacy = ParentOutcome.legacyWithCohorts(spec, reader::read);
    List<Staging> stagings = new ArrayList<>();
    Map<String, Dataset<Row>> ruled = new LinkedHashMap<>();
    try {
      // Parents first: a child's rows join its parent's ruled rows of the same cohorts.
      for (SourceSpec source : spec.stagedSources()) {
        RuleCompiler compiler = new RuleCompiler(spec, source, today);
        describe(
            session,
            "reading "
                + source.name()
                + " and compiling "
                + spec.rulesOf(source.name()).size()
                + " rules for "
                + what());
        Dataset<Row> all = legacy.get(source.name());
        Dataset<Row> selected =
            options.allCohorts()
                ? all
                : all.filter(all.col(StageColumns.COHORT).equalTo(options.cohort()));
        Optional<Reference> parent = spec.parentOf(source.name());
        if (parent.isPresent()) {
          selected = ParentOutcome.withParent(selected, parent.get(), ruled.get(parent.get().to()));
        }
        RuleCompiler.Compiled compiled = compiler.compile(selected);
        Dataset<Row> rows = compiled.rows().persist(StorageLevel.MEMORY_AND_DISK());
        ruled.put(source.name(), rows);
        describe(
            session,
            "applying the rules to "
                + source.name()
                + " of "
                + what()
                + " and counting where each row goes");
        Map<String, Counts> counts = new TreeMap<>();
        cohorts.forEach(c -> counts.put(c, new Counts()));
        counts.putAll(Counts.byCohort(rows));
        stagings.add(
            new Staging(source, spec.targetOf(source.name()), compiler, compiled, rows, counts));
      }
      if (options.mode() == StageOptions.Mode.DRY_RUN) {
        Staging first = stagings.get(0);
        List<StageResult.Table> tables =
            stagings.stream().map(t -> table(t, Counts.sum(t.counts().values()), -1)).toList();
        return result(
            first.compiler(),
            options.cohort(),
            options.runId(),
            Counts.sum(first.counts().values()),
            -1,
            samples(stagings),
            tables);
      }
      return write(session, stagings);
    } finally {
      ruled.values().forEach(Dataset::unpersist);
    }
  }

  private StageResult write(SparkSession session, List<Staging> stagings) {
    List<Written> written = new ArrayList<>();
    try {
      for (Staging t : stagings) {
        written.add(write(session, t));
      }
      for (Written w : written) {
        requireConserved(session, w);
      }
    } catch (RuntimeException e) {
      // Every table of the run goes back, so no cohort holds one table of this run and another of
      // an earlier one.
      for (Written w : written) {
        CohortRestore.restore(
            session,
            w.staging().target().stagedPath(),
            w.before(),
            w.staging().counts().keySet(),
            options.runId() + " undone");
      }
      throw e;
    }
    Staging first = stagings.get(0);
    List<StageResult> perCohort = new ArrayList<>();
    first
        .counts()
        .forEach(
            (cohort, c) ->
                perCohort.add(
                    result(
                        first.compiler(),
                        cohort,
                        runIdOf(cohort),
                        c,
                        written.get(0).version(),
                        Map.of(),
                        written.stream()
                            .map(
                                w ->
                                    table(
                                        w.staging(), w.staging().counts().get(cohort), w.version()))
                            .toList())));
    new StageRunLog(session, spec).append(perCohort);
    if (!options.allCohorts()) {
      return perCohort.get(0);
    }
    List<StageResult.Table> tables =
        written.stream()
            .map(w -> table(w.staging(), Counts.sum(w.staging().counts().values()), w.version()))
            .toList();
    return result(
        first.compiler(),
        options.cohort(),
        options.runId(),
        Counts.sum(first.counts().values()),
        written.get(0).version(),
        Map.of(),
        tables);
  }

  /**
   * Writes one source's quarantined, excluded and staged rows; returns the staged table's version
   * before and after.
   */
  private Written write(SparkSession session, Staging t) {
    TargetSpec target = t.target();
    Dataset<Row> rows = t.rows();
    Counts all = Counts.sum(t.counts().values());
    StageTables tables = new StageTables(session, target);
    tables.ensureStaged(t.compiled().tableSchema());
    long before = tables.stagedVersion();
    Timestamp at = Timestamp.from(options.now());
    Column outcome = rows.col(StageColumns.OUTCOME);
    Column runId = runIdOf(rows.col(StageColumns.COHORT)).as("run_id");
    describe(session, "writing " + all.quarantined + " quarantined rows of " + t.source().name());
    AppendOnlyTable.append(
        rows.filter(outcome.getField("kind").equalTo(StageColumns.QUARANTINE))
            .select(
                runId,
                rows.col(StageColumns.COHORT),
                outcome.getField("rule").as("rule"),
                outcome.getField("reason").as("reason"),
                rows.col(StageColumns.RAW).as("raw"),
                functions.lit(at).as("staged_at"),
                rows.col(StageColumns.SOURCE_HASH).as(StageColumns.REJECTED_SOURCE_HASH)),
        all.quarantined,
        target.quarantinePath(),
        StageColumns.COHORT);
    describe(
        session,
        "writing "
            + (all.excluded + all.merged)
            + " excluded and merged rows of "
            + t.source().name());
    AppendOnlyTable.append(
        rows.filter(outcome.getField("kind").isin(StageColumns.EXCLUDED, StageColumns.MERGED))
            .select(
                runId,
                rows.col(StageColumns.COHORT),
                outcome.getField("kind").as("kind"),
                outcome.getField("rule").as("rule"),
                outcome.getField("reason").as("reason"),
                rows.col(StageColumns.RAW).as("raw"),
                functions.lit(at).as("staged_at"),
                rows.col(StageColumns.SOURCE_HASH).as(StageColumns.REJECTED_SOURCE_HASH)),
        all.excluded + all.merged,
        target.exclusionsPath(),
        StageColumns.COHORT);
    describe(
        session,
        "replacing "
            + what()
            + " in "
            + target.stagedPath()
            + " ("
            + all.staged
            + " rows, one Delta commit)");
    // The run id on the commit: another cohort's stage may commit in between, so "the latest
    // version" is not ours.
    org.apache.spark.sql.DataFrameWriter<Row> staged =
        t.compiled()
            .staged()
            .write()
            .format("delta")
            .mode("overwrite")
            .option("userMetadata", options.runId());
    if (!options.allCohorts()) {
      staged = staged.option("replaceWhere", StageColumns.COHORT + " = '" + options.cohort() + "'");
    }
    staged.save(target.stagedPath());
    return new Written(t, before, tables.versionOf(options.runId(), before));
  }

  /** Conservation from the written tables: every source row of each cohort went exactly one way. */
  private void requireConserved(SparkSession session, Written w) {
    Staging t = w.staging();
    describe(session, "checking conservation of " + t.source().name() + " from the written tables");
    Column cohortFilter = functions.col(StageColumns.COHORT).isin(t.counts().keySet().toArray());
    Map<String, Counts> written =
        Counts.fromTables(
            session,
            t.target(),
            cohortFilter,
            runIdOf(functions.col(StageColumns.COHORT)),
            w.version());
    for (Map.Entry<String, Counts> e : t.counts().entrySet()) {
      Counts c = written.getOrDefault(e.getKey(), new Counts());
      if (c.accounted() != e.getValue().total || c.staged != e.getValue().staged) {
        throw CutoverException.runtime(
            "Cohort "
                + e.getKey()
                + " does not add up after writing "
                + t.source().name()
                + ": "
                + e.getValue().total
                + " source rows, but the tables hold "
                + c.staged
                + " staged + "
                + c.quarantined
                + " quarantined + "
                + c.excluded
                + " excluded + "
                + c.merged
                + " merged. The run's cohorts were put back as they were before it in every staged table; nothing is reported as staged.",
            null);
      }
    }
  }

  private static StageResult.Table table(Staging t, Counts c, long version) {
    return new StageResult.Table(
        t.source().name(),
        t.compiler().rulesHash(),
        c.total,
        c.staged,
        c.quarantined,
        c.excluded,
        c.merged,
        c.byRule,
        version);
  }

  /**
   * The run id the rows and record of a cohort carry: the run's own for one cohort, {@code
   * <run>-<cohort>} for all.
   */
  private String runIdOf(String cohort) {
    return options.allCohorts() ? options.runId() + "-" + cohort : options.runId();
  }

  private Column runIdOf(Column cohort) {
    return options.allCohorts()
        ? functions.concat(functions.lit(options.runId() + "-"), cohort)
        : functions.lit(options.runId());
  }

  private String what() {
    return options.allCohorts()
        ? "all " + spec.cohorts().count() + " cohorts"
        : "cohort " + options.cohort();
  }

  private StageResult result(
      RuleCompiler compiler,
      String cohort,
      String runId,
      Counts counts,
      long version,
      Map<String, List<String>> samples,
      List<StageResult.Table> tables) {
    return new StageResult(
        runId,
        cohort,
        options.mode() == StageOptions.Mode.DRY_RUN,
        spec.hash(),
        compiler.rulesHash(),
        counts.total,
        counts.staged,
        counts.quarantined,
        counts.excluded,
        counts.merged,
        counts.byRule,
        version,
        samples,
        options.now(),
        Instant.now(),
        tables);
  }

  /**
   * Up to three masked raw rows per quarantine reason of every staged table, for a dry run: keys
   * "rule: reason" for the cohort source, "table / rule: reason" for the others.
   */
  private Map<String, List<String>> samples(List<Staging> stagings) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < stagings.size(); i++) {
      Staging t = stagings.get(i);
      String prefix = i == 0 ? "" : t.source().name() + " / ";
      describe(t.rows().sparkSession(), "sampling the quarantined rows of " + t.source().name());
      samples(t.rows(), t.source()).forEach((k, v) -> out.put(prefix + k, v));
    }
    return out;
  }

  /** Up to three masked raw rows per quarantine reason of one table. */
  private Map<String, List<String>> samples(Dataset<Row> rows, SourceSpec source) {
    Column outcome = rows.col(StageColumns.OUTCOME);
    org.apache.spark.sql.expressions.WindowSpec byReason =
        org.apache.spark.sql.expressions.Window.partitionBy(
                outcome.getField("rule"), outcome.getField("reason"))
            .orderBy(rows.col(StageColumns.RAW));
    List<Row> picked =
        rows.filter(outcome.getField("kind").equalTo(StageColumns.QUARANTINE))
            .withColumn("_n", functions.row_number().over(byReason))
            .filter("_n <= 3")
            .select(
                outcome.getField("rule"), outcome.getField("reason"), rows.col(StageColumns.RAW))
            .collectAsList();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Row r : picked) {
      String masked = Masking.maskJson(r.getString(2), source::isPersonal);
      out.computeIfAbsent(r.getString(0) + ": " + r.getString(1), k -> new java.util.ArrayList<>())
          .add(masked);
    }
    return out;
  }

  private void describe(SparkSession session, String stage) {
    progress.stage(stage);
    session.sparkContext().setJobDescription("stage " + stage);
  }
}
