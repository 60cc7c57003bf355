package io.cutover.reconcile;

import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.RuleSpec;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.spec.TargetSpec;
import java.sql.Timestamp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * What the checks of one staged table read in one reconcile run: the table, the cohorts and their
 * stage runs, and the frames they compare (the legacy rows, the expected rows the rules make of
 * them, the staged rows, with the drifted keys left out where the checks must not compare them),
 * with the counts computed once for all checks. It owns every frame it caches and every cache
 * handed to it ({@link #own}), and releases them on {@link #close()}; results that several checks
 * share (the keyed diff, Deequ's pass, the duplicated keys) are computed once, by the first check
 * that asks ({@link #once}).
 */
final class ReconcileContext implements AutoCloseable {

  /**
   * The table checked and for which cohorts: {@code runs} holds the stage run of each cohort,
   * {@code rulesHash} the hash of the spec's rules for the table now.
   */
  record Subject(
      MigrationSpec spec,
      SourceSpec source,
      TargetSpec target,
      List<String> cohorts,
      Map<String, StageRun> runs,
      String rulesHash) {
    Subject {
      cohorts = List.copyOf(cohorts);
      runs = Map.copyOf(runs);
    }

    /** Whether this is the cohort source's table (its checks keep their plain names). */
    boolean cohortSource() {
      return source.name().equals(spec.cohorts().source());
    }

    /**
     * The hash of the rules {@code cohort}'s stage run staged this table with; null when it did not
     * stage it.
     */
    String stagedRulesHash(String cohort) {
      StageRun run = runs.get(cohort);
      return cohortSource() ? run.rulesHash() : run.tableRulesHashes().get(source.name());
    }

    /** When each row's cohort was staged: legacy rows updated after that are drift. */
    Column startedAt() {
      Map<String, Timestamp> at = new TreeMap<>();
      cohorts.forEach(c -> at.put(c, Timestamp.from(runs.get(c).startedAt())));
      return PerCohort.valueOf(at, functions.col(StageColumns.COHORT));
    }

    /**
     * True for a row whose legacy last-updated value ({@code lastUpdated}) is after its cohort's
     * stage run started; false when the source declares none.
     */
    Column changedSince(Column lastUpdated) {
      return source.lastUpdated().isEmpty()
          ? functions.lit(false)
          : functions.coalesce(lastUpdated.gt(startedAt()), functions.lit(false));
    }
  }

  private final Subject subject;
  private final Deque<Runnable> owned = new ArrayDeque<>();
  private final Map<String, Object> shared = new HashMap<>();
  private Frames frames;

  /**
   * The frames and counts of a table with a staged table to check.
   *
   * @param legacy the cohorts' legacy rows as stage read them
   * @param staged the cohorts' staged rows at the version checked
   * @param expected the expected staged rows recomputed (of the suspects only when the hashes vouch
   *     for the rest), drifted keys left out
   * @param actual the staged rows, drifted keys left out
   * @param tagged {@code actual} with {@link Recompute#SUSPECT}
   * @param drifted cohort and key of each drifted row, or null without drift
   * @param columns the staged columns; {@code compared} those a row's values are compared on
   * @param counts legacy and drift rows per cohort (the vouched rows counted)
   * @param vouched staged rows per cohort the hashes vouch for
   * @param rejectedAgain legacy rows per cohort the hashes vouch for as quarantined or excluded
   */
  private record Frames(
      Dataset<Row> legacy,
      Dataset<Row> staged,
      Dataset<Row> expected,
      Dataset<Row> actual,
      Dataset<Row> tagged,
      Dataset<Row> drifted,
      List<String> columns,
      List<String> compared,
      ExpectedCounts counts,
      StagedCounts stagedCounts,
      Map<String, Long> vouched,
      Map<String, Long> rejectedAgain,
      Rejections rejections,
      Optional<DuplicateKeys> hashedDuplicates,
      Recompute recompute) {}

  /**
   * An empty context for {@code subject}: it owns what is handed to {@link #own} from now on, and
   * holds frames once {@link #load}ed (a table without a staged table has none: only checks that
   * read no frame run on it).
   */
  ReconcileContext(Subject subject) {
    this.subject = subject;
  }

  /** {@code resource}, released by {@code release} when the context closes. */
  <T> T own(T resource, java.util.function.Consumer<T> release) {
    owned.push(() -> release.accept(resource));
    return resource;
  }

  /** {@code rows}, unpersisted when the context closes (a no-op for rows never persisted). */
  Dataset<Row> own(Dataset<Row> rows) {
    return own(rows, Dataset::unpersist);
  }

  /**
   * Computes what the checks share: caches the expected rows, counts legacy, drifted and staged
   * rows per cohort (two small aggregations), and leaves the drifted keys out of the frames
   * compared. The inputs' caches are the caller's to {@link #own}.
   *
   * @param legacy the cohorts' legacy rows as stage read them
   * @param staged their staged rows at the version checked
   * @param recompute which rows went through the rules
   * @param compiled the rules over the rows {@code recompute} chose
   * @param rejections the stage runs' quarantined and excluded rows
   */
  ReconcileContext load(
      Dataset<Row> legacy,
      Dataset<Row> staged,
      Recompute recompute,
      RuleCompiler.Compiled compiled,
      Rejections rejections) {
    frames = frames(this, legacy, staged, recompute, compiled, rejections);
    return this;
  }

  private static Frames frames(
      ReconcileContext context,
      Dataset<Row> legacy,
      Dataset<Row> staged,
      Recompute recompute,
      RuleCompiler.Compiled compiled,
      Rejections rejections) {
    Subject s = context.subject;
    List<String> key = s.source().key();
    Dataset<Row> expectedAll = context.cache(compiled.rows());
    Column changedSince = s.changedSince(functions.col(StageColumns.LEGACY_UPDATED));
    ExpectedCounts counts = ExpectedCounts.of(expectedAll, changedSince);
    Dataset<Row> expected = compiled.staged();
    Dataset<Row> actual = staged;
    Dataset<Row> tagged = recompute.tagged(staged, key);
    Dataset<Row> drifted = null;
    if (counts.totalDrift() > 0) {
      // Rows changed since staging are drift: neither side's rows of those keys are compared.
      drifted = context.cache(keysOf(expectedAll.filter(changedSince), key));
      expected = withoutKeys(expected, drifted, key);
      actual = withoutKeys(staged, drifted, key);
      tagged = withoutKeys(tagged, drifted, key);
    }
    StagedCounts stagedCounts = StagedCounts.of(staged, compiled.columns());
    Map<String, Long> vouched = new TreeMap<>();
    Map<String, Long> rejectedAgain = new TreeMap<>();
    for (String c : s.cohorts()) {
      vouched.put(c, recompute.vouchedIn(c, stagedCounts.of(c)));
      rejectedAgain.put(c, recompute.rejectedIn(c));
    }
    return new Frames(
        legacy,
        staged,
        expected,
        actual,
        tagged,
        drifted,
        compiled.columns(),
        compiled.compared(),
        counts.plusVouched(vouched).plusVouched(rejectedAgain),
        stagedCounts,
        vouched,
        rejectedAgain,
        rejections,
        recompute.duplicates(),
        recompute);
  }

  /** {@code rows} cached until the context closes. */
  private Dataset<Row> cache(Dataset<Row> rows) {
    return own(rows.persist(StorageLevel.MEMORY_AND_DISK()));
  }

  /**
   * A result several checks read, computed by the first that asks and kept until the context
   * closes.
   */
  @SuppressWarnings("unchecked")
  <T> T once(String name, Supplier<T> compute) {
    if (!shared.containsKey(name)) {
      shared.put(name, compute.get());
    }
    return (T) shared.get(name);
  }

  /** Releases every cache the context owns, newest first. */
  @Override
  public void close() {
    while (!owned.isEmpty()) {
      owned.pop().run();
    }
    shared.clear();
  }

  Subject subject() {
    return subject;
  }

  MigrationSpec spec() {
    return subject.spec();
  }

  SourceSpec source() {
    return subject.source();
  }

  TargetSpec target() {
    return subject.target();
  }

  List<String> key() {
    return subject.source().key();
  }

  List<RuleSpec> rules() {
    return subject.spec().rulesOf(subject.source().name());
  }

  List<String> cohorts() {
    return subject.cohorts();
  }

  boolean hasStagedTable() {
    return frames != null;
  }

  private Frames frames() {
    if (frames == null) {
      throw new IllegalStateException(
          "no staged table " + subject.target().stagedPath() + " to check");
    }
    return frames;
  }

  Dataset<Row> legacy() {
    return frames().legacy();
  }

  Dataset<Row> staged() {
    return frames().staged();
  }

  Dataset<Row> expected() {
    return frames().expected();
  }

  Dataset<Row> actual() {
    return frames().actual();
  }

  Dataset<Row> tagged() {
    return frames().tagged();
  }

  /** Cohort and key of each drifted row; null without drift. */
  Dataset<Row> drifted() {
    return frames().drifted();
  }

  List<String> columns() {
    return frames().columns();
  }

  List<String> compared() {
    return frames().compared();
  }

  ExpectedCounts counts() {
    return frames().counts();
  }

  StagedCounts stagedCounts() {
    return frames().stagedCounts();
  }

  Map<String, Long> vouched() {
    return frames().vouched();
  }

  long rejectedAgainIn(String cohort) {
    return frames().rejectedAgain().getOrDefault(cohort, 0L);
  }

  Rejections rejections() {
    return frames().rejections();
  }

  /** Keys staged more than once, when the hashes' grouping by key counted them already. */
  Optional<DuplicateKeys> hashedDuplicates() {
    return frames().hashedDuplicates();
  }

  /**
   * The value check's outcomes when the hashes' grouping of legacy and staged rows by key judged
   * them in passing; empty when the value check must join the rows itself.
   */
  Optional<Map<String, CheckOutcome>> valuesFromHashes() {
    return frames().recompute().values(cohorts());
  }

  private static Dataset<Row> keysOf(Dataset<Row> rows, List<String> key) {
    List<Column> keyAndCohort =
        new ArrayList<>(key.stream().map(k -> rows.col(Sql.column(k))).toList());
    keyAndCohort.add(rows.col(StageColumns.COHORT));
    return rows.select(keyAndCohort.toArray(Column[]::new)).distinct();
  }

  private static Dataset<Row> withoutKeys(Dataset<Row> rows, Dataset<Row> keys, List<String> key) {
    Column on = rows.col(StageColumns.COHORT).equalTo(keys.col(StageColumns.COHORT));
    for (String k : key) {
      on = on.and(rows.col(Sql.column(k)).eqNullSafe(keys.col(Sql.column(k))));
    }
    return rows.join(keys, on, "left_anti");
  }
}
