package io.cutover.reconcile;

import io.cutover.core.rules.ParentOutcome;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.Reference;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.spec.TargetSpec;
import io.cutover.core.spec.Tolerance;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Reconciles staged cohorts with their legacy rows: recomputes the expected rows (the legacy rows
 * of each cohort through the rule set recorded on its stage run) and compares them with what the
 * staged table holds now. Checks: rules unchanged, conservation from the tables, target integrity
 * (Deequ), keyed row-level diff (row hashes first, then column by column), aggregate parity, drift
 * (rows changed in the legacy source after staging are "needs sync", not defects) and the
 * independent value check. Each is a {@link ReconcileCheck}, run in a loop over one {@link
 * ReconcileContext} per table that owns the cached frames and the results checks share. Every
 * staged table of the cohort (its customers' orders too, {@link MigrationSpec#stagedSources()})
 * gets these checks, parents first, a child's expected rows following its parent's recomputed ones
 * ({@link ParentOutcome}); another table's checks are named for it ("orders.rows"). Each cohort's
 * verdict is its worst check over all its tables; a check that cannot run fails.
 *
 * <p>Cost: one scan of the legacy source for all the cohorts of the run (the cohort is a hash of
 * the key, so even one cohort reads the whole source), one read of their staged partitions, one
 * join on the key and a handful of aggregations grouped by cohort: checking every cohort costs
 * about one pass, not one per cohort. The rules, the expensive part (a phone number costs
 * libphonenumber microseconds), run only on the keys that the hashes stage recorded do not vouch
 * for ({@link Recompute}, {@link Fingerprints}), when the run covers more than a tenth of the
 * cohorts and at least {@link ReconcileOptions#HASHES_FROM} legacy rows; on every row of the
 * cohorts otherwise, or when the rules are not row-local or changed since staging. Cohorts staged
 * on different days are reconciled in one pass per day, since a rule's "today" is its stage run's.
 * A child table is vouched for by its own hashes the same way, except the children of its parent's
 * suspects (their parent's outcome may have changed): its suspects' expected rows follow the
 * parent's rules over only the parent rows they reference ({@link ParentOutcomes}), at the cost of
 * one more scan of the parent's source. Where the hashes do not apply to the child or its parent,
 * every child row goes through its rules, after every parent row through the parent's.
 */
public final class ReconcileCohortJob {
  private final SparkSession spark;
  private final MigrationSpec spec;
  private final ReconcileOptions options;
  private final Progress progress;

  public ReconcileCohortJob(
      SparkSession spark, MigrationSpec spec, ReconcileOptions options, Progress progress) {
    this.spark = spark;
    this.spec = spec;
    this.options = options;
    this.progress = progress;
  }

  public ReconcileRun run() {
    options.cohorts().forEach(spec.cohorts()::require);
    SparkSession session = LegacyDataSession.cloneOf(spark);
    TargetSpec target = spec.target();
    stage(
        session,
        "finding the stage runs of "
            + (options.allStaged() ? "every staged cohort" : String.join(", ", options.cohorts())));
    Map<String, StageRun> runs = StageRun.latest(session, target, options.cohorts());
    LegacyDataSession.scaleShufflePartitions(
        session, Math.max(1, runs.size()), spec.cohorts().count());
    long version =
        DeltaTable.forPath(session, target.stagedPath())
            .history(1)
            .select("version")
            .first()
            .getLong(0);
    Map<LocalDate, List<String>> byDay = new TreeMap<>();
    runs.values()
        .forEach(
            r ->
                byDay
                    .computeIfAbsent(
                        LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC), d -> new ArrayList<>())
                    .add(r.cohort()));
    List<ReconcileResult> results = new ArrayList<>();
    byDay.forEach(
        (day, cohorts) -> results.addAll(reconcile(session, day, cohorts, runs, version)));
    results.sort(java.util.Comparator.comparing(ReconcileResult::cohort));
    List<String> notStaged =
        options.allStaged()
            ? spec.cohorts().ids().stream().filter(c -> !runs.containsKey(c)).toList()
            : List.of();
    return new ReconcileRun(options.runId(), results, notStaged);
  }

  /**
   * The cohorts whose stage runs share a day, in one pass per staged table (parents first: a
   * child's expected rows follow its parent's); a cohort's verdict is the worst check over all its
   * tables.
   */
  private List<ReconcileResult> reconcile(
      SparkSession session,
      LocalDate day,
      List<String> cohorts,
      Map<String, StageRun> runs,
      long version) {
    Map<String, List<CheckOutcome>> checks = new TreeMap<>();
    cohorts.forEach(c -> checks.put(c, new ArrayList<>()));
    Map<String, Dataset<Row>> legacy =
        ParentOutcome.legacyWithCohorts(spec, new SourceReader(session)::read);
    // What each table's children read of it, kept until the last table is checked.
    Map<String, ParentOutcomes> parents = new TreeMap<>();
    try {
      for (SourceSpec source : spec.stagedSources()) {
        Dataset<Row> all = legacy.get(source.name());
        Dataset<Row> filtered =
            cohorts.size() == spec.cohorts().count()
                ? all
                : all.filter(all.col(StageColumns.COHORT).isin(cohorts.toArray()));
        Optional<Reference> ref = spec.parentOf(source.name());
        boolean cohortSource = ref.isEmpty();
        TargetSpec target = spec.targetOf(source.name());
        long tableVersion = cohortSource ? version : latestVersion(session, target);
        Map<String, List<CheckOutcome>> tableChecks = new TreeMap<>();
        cohorts.forEach(c -> tableChecks.put(c, new ArrayList<>()));
        Table table =
            new Table(
                source,
                target,
                filtered,
                ref.map(r -> new Child(r, parents.get(r.to()))),
                hasChildren(source));
        parents.put(
            source.name(),
            reconcileTable(session, day, cohorts, runs, tableVersion, table, tableChecks));
        // The cohort source's checks keep their names; another table's are named for it
        // ("orders.conservation").
        tableChecks.forEach(
            (c, list) ->
                list.forEach(o -> checks.get(c).add(cohortSource ? o : onTable(source.name(), o))));
      }
    } finally {
      parents.values().forEach(ParentOutcomes::release);
    }
    List<ReconcileResult> out = new ArrayList<>();
    for (String c : cohorts) {
      Verdict verdict =
          checks.get(c).stream().map(CheckOutcome::verdict).reduce(Verdict.PASS, Verdict::worst);
      out.add(
          new ReconcileResult(
              options.runIdOf(c),
              c,
              verdict,
              checks.get(c),
              runs.get(c).runId(),
              version,
              options.now(),
              Instant.now()));
    }
    return out;
  }

  /**
   * One staged table of the run: its source, where it stages, its legacy rows of the run's cohorts
   * (with their cohort), its parent if it is a child, and whether another table is its child.
   */
  private record Table(
      SourceSpec source,
      TargetSpec target,
      Dataset<Row> legacy,
      Optional<Child> parent,
      boolean hasChildren) {}

  /** A child table's reference to its parent, and what it reads of the parent's reconcile. */
  private record Child(Reference ref, ParentOutcomes outcomes) {}

  private boolean hasChildren(SourceSpec source) {
    return spec.stagedSources().stream()
        .anyMatch(
            s -> spec.parentOf(s.name()).map(r -> r.to().equals(source.name())).orElse(false));
  }

  private static CheckOutcome onTable(String table, CheckOutcome o) {
    return new CheckOutcome(
        table + "." + o.check(), o.verdict(), o.message(), o.numbers(), o.examples(), o.keys());
  }

  /**
   * A staged table's latest version, -1 when it does not exist (the cohort's runs did not stage
   * it).
   */
  private static long latestVersion(SparkSession session, TargetSpec target) {
    return DeltaTable.isDeltaTable(session, target.stagedPath())
        ? DeltaTable.forPath(session, target.stagedPath())
            .history(1)
            .select("version")
            .first()
            .getLong(0)
        : -1;
  }

  /**
   * One staged table's checks for the cohorts, added to {@code checks}; returns what its children
   * read of it: its rules over every row (planned only), and its suspects when its hashes vouched
   * for the other keys.
   */
  private ParentOutcomes reconcileTable(
      SparkSession session,
      LocalDate day,
      List<String> cohorts,
      Map<String, StageRun> runs,
      long version,
      Table table,
      Map<String, List<CheckOutcome>> checks) {
    SourceSpec source = table.source();
    RuleCompiler compiler = new RuleCompiler(spec, source, day);
    ReconcileContext.Subject subject =
        new ReconcileContext.Subject(
            spec, source, table.target(), cohorts, runs, compiler.rulesHash());
    // A child's rows follow every parent row's outcome here; with the hashes, only its suspects go
    // through the rules, after their parents' (load).
    RuleCompiler.Compiled every =
        compiler.compile(
            table
                .parent()
                .map(p -> p.outcomes().withEveryOutcome(table.legacy(), p.ref()))
                .orElse(table.legacy()));
    if (version >= 0 && subject.cohortSource()) {
      requireStagedTolerances(every.columns());
    }
    Optional<Dataset<Row>> suspects = Optional.empty();
    long suspectCount = 0;
    try (ReconcileContext context = new ReconcileContext(subject)) {
      if (version < 0) {
        runChecks(
            session, context, List.of(new RulesCheck(), ConservationCheck.NO_STAGED_TABLE), checks);
      } else {
        Recompute recompute = load(session, context, compiler, every, table, version);
        runChecks(session, context, CHECKS, checks);
        // A parent with a parent of its own would need that one's outcomes too: its children are
        // recomputed whole.
        if (table.hasChildren()
            && subject.cohortSource()
            && recompute.byHashes()
            && source.key().size() == 1) {
          stage(
              session,
              "keeping the "
                  + recompute.suspectCount()
                  + " suspect keys of "
                  + source.name()
                  + " for its children");
          Dataset<Row> kept =
              recompute.suspectValues(source.key().get(0)).persist(StorageLevel.MEMORY_AND_DISK());
          suspectCount = kept.count();
          suspects = Optional.of(kept);
        }
      }
    }
    return new ParentOutcomes(
        source,
        spec.rulesOf(source.name()),
        compiler,
        table.legacy(),
        every,
        suspects,
        suspectCount);
  }

  /**
   * The checks of a table with a staged table, in the order the reports list them; the values check
   * is the independent reading ({@link ValueCheck}) behind the same interface.
   */
  static final List<ReconcileCheck> CHECKS =
      List.of(
          new RulesCheck(),
          new ConservationCheck(),
          new IntegrityCheck(),
          new RowsCheck(),
          new AggregatesCheck(),
          new DriftCheck(),
          ReconcileCheck.of(
              ValueCheck.CHECK,
              c ->
                  c.valuesFromHashes()
                      .orElseGet(
                          () ->
                              new ValueCheck(c.source(), c.rules())
                                  .check(c.legacy(), c.staged(), c.cohorts()))));

  private void runChecks(
      SparkSession session,
      ReconcileContext context,
      List<ReconcileCheck> list,
      Map<String, List<CheckOutcome>> checks) {
    for (ReconcileCheck check : list) {
      stage(
          session,
          "checking "
              + check.name()
              + " of "
              + context.source().name()
              + " for "
              + what(context.cohorts()));
      Map<String, CheckOutcome> outcomes = check.run(context);
      context.cohorts().forEach(c -> checks.get(c).add(outcomes.get(c)));
    }
  }

  /**
   * Reads what the checks compare into {@code context}, which owns every cache made here: the
   * staged rows at {@code version}, the stage runs' rejected rows, and which legacy rows go through
   * the rules (those the hashes stage recorded do not vouch for, when they apply; else all). A
   * child's suspects include the children of its parent's suspects, and their expected rows follow
   * the parent's rules over only the parents they reference ({@link ParentOutcomes}).
   */
  private Recompute load(
      SparkSession session,
      ReconcileContext context,
      RuleCompiler compiler,
      RuleCompiler.Compiled every,
      Table table,
      long version) {
    ReconcileContext.Subject subject = context.subject();
    SourceSpec source = subject.source();
    List<String> cohorts = subject.cohorts();
    List<String> key = source.key();
    Dataset<Row> filtered = table.legacy();
    Dataset<Row> staged = context.own(stagedRows(session, subject.target(), version, cohorts));
    Map<String, String> runIds = new TreeMap<>();
    cohorts.forEach(c -> runIds.put(c, subject.runs().get(c).runId()));
    Rejections rejections =
        context.own(Rejections.read(session, subject.target(), runIds), Rejections::release);
    Optional<Child> parent = table.parent();
    if (!hashesApply(subject, compiler, every, filtered, parent, staged)) {
      Recompute recompute = context.own(Recompute.everyRow(filtered), Recompute::release);
      stage(session, recompute.describe(what(cohorts)));
      context.load(filtered, staged, recompute, every, rejections);
      return recompute;
    }
    stage(
        session,
        "comparing the legacy rows of "
            + source.name()
            + " of "
            + what(cohorts)
            + " with the hashes stage recorded");
    Column changed =
        source
            .lastUpdated()
            .map(u -> subject.changedSince(functions.col(Sql.column(u))))
            .orElse(functions.lit(false));
    Recompute recompute =
        context.own(
            Recompute.suspects(
                filtered,
                source.isJdbc(),
                changed,
                staged,
                key,
                every.compared(),
                rejections.hashes(),
                Optional.of(new ValueCheck(source, context.rules())),
                parent.map(p -> p.outcomes().suspectsOf(filtered, p.ref()))),
            Recompute::release);
    stage(session, recompute.describe(what(cohorts)));
    RuleCompiler.Compiled compiled;
    if (parent.isEmpty()) {
      compiled = recompute.compiled(compiler, every, key);
    } else {
      // Read twice (the parents they reference, then their own rules): kept, they are few.
      Dataset<Row> rows = context.own(recompute.rows(key).persist(StorageLevel.MEMORY_AND_DISK()));
      compiled =
          compiler.compile(
              parent
                  .get()
                  .outcomes()
                  .withReferencedOutcome(
                      rows, parent.get().ref(), recompute.suspectCount() <= 1_000_000));
    }
    context.load(filtered, staged, recompute, compiled, rejections);
    return recompute;
  }

  /**
   * Whether the hashes can stand in for the rules: for more than a tenth of the cohorts (for fewer
   * they save nothing: their rows through the rules cost about what the hashes' extra passes do;
   * bench, one 1% cohort of 5M rows: 18 to 20 s either way) holding at least {@link
   * ReconcileOptions#hashesFrom} legacy rows, with row-local rules unchanged since every cohort's
   * staging, on a staged table that carries the hashes; for a child, when its parent's suspects
   * stand for every parent whose outcome may have changed ({@link ParentOutcomes#vouchFor}).
   */
  private boolean hashesApply(
      ReconcileContext.Subject subject,
      RuleCompiler compiler,
      RuleCompiler.Compiled every,
      Dataset<Row> filtered,
      Optional<Child> parent,
      Dataset<Row> staged) {
    List<String> cohorts = subject.cohorts();
    long rows = cohorts.stream().mapToLong(c -> subject.runs().get(c).sourceRows()).sum();
    if (rows < options.hashesFrom()
        || cohorts.size() * 10 <= spec.cohorts().count()
        || !java.util.Arrays.asList(staged.columns()).contains(StageColumns.SOURCE_HASH)
        || !cohorts.stream()
            .allMatch(c -> subject.rulesHash().equals(subject.stagedRulesHash(c)))) {
      return false;
    }
    if (parent.isEmpty()) {
      return compiler.rowLocal(every);
    }
    // Row-local judged on the child's own rules, its parent's outcome given (the join that gives
    // it groups the parent's rows).
    return parent.get().outcomes().vouchFor(parent.get().ref())
        && compiler.rowLocal(
            compiler.compile(
                filtered.withColumn(
                    ParentOutcome.COLUMN, functions.lit(null).cast(DataTypes.StringType))));
  }

  /** A tolerance for a column the rules do not stage is a mistake in the spec. */
  private void requireStagedTolerances(List<String> staged) {
    List<Tolerance> unknown = spec.reconcile().unknownColumns(new java.util.HashSet<>(staged));
    if (!unknown.isEmpty()) {
      throw CutoverException.badInput(
          String.join(
                  "\n",
                  unknown.stream()
                      .map(
                          t ->
                              t.origin()
                                  + ": reconcile.tolerances."
                                  + t.column()
                                  + ": the rules stage no column '"
                                  + t.column()
                                  + "'")
                      .toList())
              + "\nStaged columns are: "
              + String.join(", ", staged));
    }
  }

  /**
   * The staged rows of {@code cohorts} at the Delta version checked. The checks pass over them five
   * or six times: for a few cohorts each pass costs more in Delta listing and file filtering (about
   * 0.3 s) than in reading the rows, so they are read once into a cache; for many, filling it costs
   * more than the passes save (all 100 at 5M rows: 42 s -> 64 s).
   */
  private Dataset<Row> stagedRows(
      SparkSession session, TargetSpec target, long version, List<String> cohorts) {
    Dataset<Row> rows =
        session
            .read()
            .format("delta")
            .option("versionAsOf", version)
            .load(target.stagedPath())
            .filter(functions.col(StageColumns.COHORT).isin(cohorts.toArray()));
    return cohorts.size() * 10 <= spec.cohorts().count()
        ? rows.persist(StorageLevel.MEMORY_AND_DISK())
        : rows;
  }

  private String what(List<String> cohorts) {
    return cohorts.size() == 1 ? "cohort " + cohorts.get(0) : cohorts.size() + " cohorts";
  }

  private void stage(SparkSession session, String description) {
    progress.stage(description);
    session.sparkContext().setJobDescription("reconcile " + description);
  }
}
