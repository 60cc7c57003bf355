package io.cutover.reconcile;

import io.cutover.core.rules.RowHash;
import io.cutover.core.rules.RuleCompiler;
import io.cutover.core.rules.Sql;
import io.cutover.core.rules.StageColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Which keys must be recomputed. Stage records on every staged row the hash of the legacy row it
 * came from and of the values it wrote. When the rules are row-local and unchanged, a key with one
 * legacy row that still hashes as recorded, not updated since staging, and one staged row whose
 * values still hash as written, would come out of the rules exactly as staged: it is vouched for.
 * Every other key is a suspect (new, changed, drifted, quarantined, excluded, merged, missing,
 * extra, duplicated, or staged without hashes) and goes through the rules and the column-by-column
 * diff as before. With the value check's reading, the grouping is by key and source hash first (the
 * pairs of a legacy row and the staged row made of it, carrying the columns it judges) and then by
 * key, in one shuffle; the keys not vouched for or with changed values keep their row and the rest
 * are summed per cohort, and that small result is cached: the value check is then one aggregation
 * of it ({@link Values}) instead of a join of its own. A key with one unchanged legacy row and no
 * staged row is vouched for too when the stage run quarantined or excluded a row of that very hash:
 * the rules would do so again. A child table's row (an order) is vouched for only when its parent's
 * key is not one of the parent's suspects ({@link Parents}): its outcome follows its parent's.
 * Cost: one narrow pass over each side and one join, instead of the rules on every legacy row.
 *
 * @param keys cohort and key of every suspect, with its legacy and staged row counts, and the keys
 *     vouched for as quarantined or excluded, flagged {@link #REJECTED} (cached)
 * @param stagedInSuspects staged rows of the suspects, per cohort: the staged rows not counted here
 *     are vouched for
 * @param rejected legacy rows per cohort vouched for as quarantined or excluded again
 * @param duplicates keys staged more than once (rows beyond their first, and examples), per cohort,
 *     drifted keys left out
 * @param suspects how many keys are suspects
 */
record Fingerprints(
    Dataset<Row> keys,
    Map<String, Long> stagedInSuspects,
    Map<String, Long> rejected,
    DuplicateKeys duplicates,
    long suspects,
    Optional<Values> values) {
  static final String LEGACY_ROWS = "_legacy_rows";
  static final String STAGED_ROWS = "_staged_rows";
  private static final String REJECTED = "_rejected_again";
  private static final String PARENT_KEY = "_parent_key";
  private static final String KEPT = "_kept";

  /**
   * The parent keys whose outcome may have changed since staging (the parent's suspects: {@code
   * keys}, one column, distinct, {@code count} of them) and each child legacy row's reference to
   * its parent ({@code reference}, a column of the child's legacy rows, of the keys' type). A child
   * row whose parent is one of them is a suspect, whatever its own hashes say.
   */
  record Parents(Column reference, Dataset<Row> keys, long count) {}

  /**
   * {@code legacy}: the source rows of the run's cohorts (with {@link StageColumns#COHORT}); {@code
   * changedSince}: true for a legacy row updated after its cohort was staged; {@code staged}: the
   * staged rows of the cohorts; {@code rejected}: cohort and {@link
   * StageColumns#REJECTED_SOURCE_HASH} of the rows the cohorts' stage runs quarantined or excluded,
   * if recorded; {@code parents}: for a child table, its parent's suspects.
   */
  static Fingerprints find(
      Dataset<Row> legacy,
      Column changedSince,
      Dataset<Row> staged,
      List<String> key,
      List<String> compared,
      Optional<Dataset<Row>> rejected,
      Optional<ValueCheck> valueCheck,
      Optional<Parents> parents) {
    List<String> by = new ArrayList<>(List.of(StageColumns.COHORT));
    by.addAll(key);
    Column none = functions.lit(null).cast("long");
    // Nothing to carry when the value check judges no column: it then passes without reading.
    Optional<ValueCheck.Reading> reading =
        valueCheck
            .map(v -> v.reading(legacy.schema(), staged.schema()))
            .filter(ValueCheck.Reading::judges);
    List<Column> lMore = new ArrayList<>();
    List<Column> sMore = new ArrayList<>();
    reading.ifPresent(r -> carried(legacy, staged, r, lMore, sMore));
    // A child row's parent among the parent's suspects: a broadcast join of the legacy side, before
    // the grouping (the legacy columns keep resolving in the joined rows).
    Dataset<Row> read = legacy;
    Column parentSuspect = functions.lit(0);
    if (parents.isPresent()) {
      Dataset<Row> k = parents.get().keys();
      k = k.select(k.col(Sql.column(k.columns()[0])).as(PARENT_KEY));
      if (parents.get().count() <= 1_000_000) {
        k = functions.broadcast(k);
      }
      read = legacy.join(k, parents.get().reference().equalTo(k.col(PARENT_KEY)), "left");
      parentSuspect = functions.when(k.col(PARENT_KEY).isNotNull(), 1).otherwise(0);
    }
    // Both sides in one grouping by key (a hash aggregate, no sort-merge join); a null key groups
    // like any value.
    Dataset<Row> l =
        read.select(
            columns(
                legacy,
                by,
                lMore,
                functions.lit(1L).as("_l"),
                RuleCompiler.sourceHash(legacy).as("_legacy_hash"),
                functions.when(changedSince, 1).otherwise(0).as("_changed"),
                parentSuspect.as("_parent"),
                functions.lit(0L).as("_s"),
                none.as("_recorded_source"),
                none.as("_recorded_row"),
                none.as("_content")));
    Dataset<Row> s =
        staged.select(
            columns(
                staged,
                by,
                sMore,
                functions.lit(0L).as("_l"),
                none.as("_legacy_hash"),
                functions.lit(0).as("_changed"),
                functions.lit(0).as("_parent"),
                functions.lit(1L).as("_s"),
                staged.col(StageColumns.SOURCE_HASH).as("_recorded_source"),
                staged.col(StageColumns.ROW_HASH).as("_recorded_row"),
                RowHash.ofColumns(staged, compared).as("_content")));
    Dataset<Row> grouped;
    Column vouched;
    Optional<Values> values = Optional.empty();
    if (reading.isPresent()) {
      Column perKey = oneUnchangedLegacyRowAnd(1).and(functions.col("_pair_ok").equalTo(1));
      grouped =
          keptOrSummed(byKeyAndHash(l, s, by, reading.get()), by, perKey, reading.get())
              .persist(StorageLevel.MEMORY_AND_DISK());
      values = Optional.of(new Values(valueCheck.get(), reading.get(), grouped));
      // A summed row holds only keys vouched for; a kept row is judged as its key was.
      vouched = functions.not(functions.col(KEPT)).or(perKey);
    } else {
      grouped =
          l.unionByName(s)
              .groupBy(columns(by))
              .agg(
                  functions.sum("_l").as(LEGACY_ROWS),
                  functions.min("_legacy_hash").as("_legacy_hash"),
                  functions.max("_changed").as("_changed"),
                  functions.max("_parent").as("_parent"),
                  functions.sum("_s").as(STAGED_ROWS),
                  functions.min("_recorded_source").as("_recorded_source"),
                  functions.min("_recorded_row").as("_recorded_row"),
                  functions.min("_content").as("_content"));
      vouched =
          functions.coalesce(
              oneUnchangedLegacyRowAnd(1)
                  .and(functions.col("_legacy_hash").equalTo(functions.col("_recorded_source")))
                  .and(functions.col("_recorded_row").equalTo(functions.col("_content"))),
              functions.lit(false));
    }
    Dataset<Row> unvouched = grouped.filter(functions.not(vouched));
    Column again = functions.lit(false);
    if (rejected.isPresent()) {
      // Few rows on either side: the keys left and the stage runs' quarantined and excluded rows.
      Dataset<Row> hashes =
          functions.broadcast(
              rejected
                  .get()
                  .select(
                      functions.col(StageColumns.COHORT).as("_r_cohort"),
                      functions.col(StageColumns.REJECTED_SOURCE_HASH).as("_r_hash"))
                  .distinct()
                  .withColumn("_r", functions.lit(true)));
      unvouched =
          unvouched.join(
              hashes,
              unvouched
                  .col(StageColumns.COHORT)
                  .equalTo(hashes.col("_r_cohort"))
                  .and(unvouched.col("_legacy_hash").equalTo(hashes.col("_r_hash"))),
              "left");
      again =
          functions.coalesce(
              oneUnchangedLegacyRowAnd(0).and(functions.col("_r")), functions.lit(false));
    }
    List<Column> out = new ArrayList<>(List.of(columns(by)));
    out.add(functions.col(LEGACY_ROWS));
    out.add(functions.col(STAGED_ROWS));
    out.add(functions.col("_changed"));
    out.add(again.as(REJECTED));
    Dataset<Row> keys =
        unvouched.select(out.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> stagedIn = new TreeMap<>();
    Map<String, Long> rejectedAgain = new TreeMap<>();
    Map<String, Long> duplicates = new TreeMap<>();
    Map<String, List<String>> duplicated = new TreeMap<>();
    long[] total = {0};
    Column isDuplicated =
        functions.col(STAGED_ROWS).gt(1).and(functions.col("_changed").equalTo(0));
    Column extra = functions.when(isDuplicated, functions.col(STAGED_ROWS).minus(1));
    Column isRejected = functions.col(REJECTED);
    Column keyText =
        DuplicateKeys.keyText(key.stream().map(k -> functions.col(Sql.column(k))).toList());
    keys.groupBy(StageColumns.COHORT)
        .agg(
            functions.sum(STAGED_ROWS),
            functions.count(functions.when(functions.not(isRejected), 1)),
            functions.coalesce(functions.sum(extra), functions.lit(0L)),
            functions.count(functions.when(isRejected, 1)),
            DuplicateKeys.examples(keyText, functions.col(STAGED_ROWS), isDuplicated))
        .collectAsList()
        .forEach(
            r -> {
              stagedIn.put(r.getString(0), r.getLong(1));
              total[0] += r.getLong(2);
              if (r.getLong(3) > 0) {
                duplicates.put(r.getString(0), r.getLong(3));
                duplicated.put(r.getString(0), r.getList(5));
              }
              rejectedAgain.put(r.getString(0), r.getLong(4));
            });
    return new Fingerprints(
        keys, stagedIn, rejectedAgain, new DuplicateKeys(duplicates, duplicated), total[0], values);
  }

  /**
   * The value check's reading of the rows this grouping paired: every key's legacy and staged rows
   * of one source hash are the pairs {@link ValueCheck} would join, so it is judged here instead of
   * by a join of its own.
   *
   * @param rows per key, {@link ValueCheck.Reading#flags} summed (cached with the keys)
   */
  record Values(ValueCheck check, ValueCheck.Reading reading, Dataset<Row> rows) {
    Map<String, CheckOutcome> outcomes(List<String> cohorts) {
      return check.outcomes(rows, reading, cohorts);
    }
  }

  /**
   * Both sides grouped by cohort, key and source hash (legacy: its hash; staged: the one stage
   * recorded), carrying the columns the value check reads, then by cohort and key (one shuffle: the
   * rows are partitioned by cohort and key first). A group of one hash with both sides holds a
   * legacy row and the staged row made of it: the pair the value check judges.
   */
  private static Dataset<Row> byKeyAndHash(
      Dataset<Row> l, Dataset<Row> s, List<String> by, ValueCheck.Reading reading) {
    Dataset<Row> lw = l.withColumn("_hash", functions.col("_legacy_hash"));
    Dataset<Row> sw = s.withColumn("_hash", functions.col("_recorded_source"));
    List<String> byHash = new ArrayList<>(by);
    byHash.add("_hash");
    // Each reading is set on one side only: its first non-null value is that side's. Of fixed
    // width (numbers, dates, hashes, flags), they keep this grouping a hash aggregation.
    List<Column> firsts = new ArrayList<>();
    firsts.add(functions.max("_changed").as("_changed"));
    firsts.add(functions.max("_parent").as("_parent"));
    firsts.add(functions.sum("_s").as("_s"));
    firsts.add(functions.min("_recorded_row").as("_recorded_row"));
    firsts.add(functions.min("_content").as("_content"));
    reading.names().forEach(n -> firsts.add(functions.first(Sql.column(n), true).as(n)));
    Dataset<Row> pairs =
        lw.unionByName(sw)
            .repartition(columns(by))
            .groupBy(columns(byHash))
            .agg(functions.sum("_l").as("_l"), firsts.toArray(Column[]::new));
    // A pair: both sides under one non-null hash and a non-null key (the join's equality).
    Column paired =
        functions
            .col("_l")
            .gt(0)
            .and(functions.col("_s").gt(0))
            .and(functions.col("_hash").isNotNull());
    for (String k : by) {
      paired = paired.and(functions.col(Sql.column(k)).isNotNull());
    }
    List<Column> flat = new ArrayList<>(List.of(columns(by)));
    flat.add(functions.col("_l"));
    flat.add(functions.col("_s"));
    flat.add(functions.col("_changed"));
    flat.add(functions.col("_parent"));
    flat.add(
        functions
            .when(paired, functions.col("_l").multiply(functions.col("_s")))
            .otherwise(0L)
            .as("_pairs"));
    flat.add(functions.when(functions.col("_l").gt(0), functions.col("_hash")).as("_legacy_hash"));
    flat.add(
        functions
            .when(
                functions
                    .col("_l")
                    .equalTo(1)
                    .and(functions.col("_s").equalTo(1))
                    .and(functions.col("_recorded_row").equalTo(functions.col("_content"))),
                1)
            .otherwise(0)
            .as("_pair_ok"));
    reading.names().forEach(n -> flat.add(functions.col(Sql.column(n))));
    Dataset<Row> flattened = pairs.select(flat.toArray(Column[]::new));
    List<Column> judged = new ArrayList<>(List.of(columns(by)));
    judged.add(functions.col("_l"));
    judged.add(functions.col("_s"));
    judged.add(functions.col("_changed"));
    judged.add(functions.col("_parent"));
    judged.add(functions.col("_legacy_hash"));
    judged.add(functions.col("_pair_ok"));
    judged.addAll(reading.flags(functions.col("_pairs")));
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.min("_legacy_hash").as("_legacy_hash"));
    aggs.add(functions.max("_changed").as("_changed"));
    aggs.add(functions.max("_parent").as("_parent"));
    aggs.add(functions.sum("_s").as(STAGED_ROWS));
    aggs.add(functions.max("_pair_ok").as("_pair_ok"));
    reading.flagNames().forEach(f -> aggs.add(functions.sum(f).as(f)));
    return flattened
        .select(judged.toArray(Column[]::new))
        .groupBy(columns(by))
        .agg(functions.sum("_l").as(LEGACY_ROWS), aggs.toArray(Column[]::new));
  }

  /**
   * The per-key rows that matter after the grouping, the rest summed: a key not vouched for, or one
   * whose values changed, keeps its row ({@link #KEPT}); every other key of a cohort is summed into
   * one row of that cohort with null keys, which only the value check's counts read. What is cached
   * is then as small as the suspects, not a row per key.
   */
  private static Dataset<Row> keptOrSummed(
      Dataset<Row> perKey, List<String> by, Column vouched, ValueCheck.Reading reading) {
    Column kept = functions.not(vouched).or(functions.col("_vc_any").gt(0)).as(KEPT);
    List<Column> groups = new ArrayList<>();
    groups.add(functions.col(StageColumns.COHORT));
    for (String k : by.subList(1, by.size())) {
      groups.add(functions.when(kept, functions.col(Sql.column(k))).as(k));
    }
    groups.add(kept);
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.min("_legacy_hash").as("_legacy_hash"));
    aggs.add(functions.max("_changed").as("_changed"));
    aggs.add(functions.max("_parent").as("_parent"));
    aggs.add(functions.sum(STAGED_ROWS).as(STAGED_ROWS));
    aggs.add(functions.max("_pair_ok").as("_pair_ok"));
    reading.flagNames().forEach(f -> aggs.add(functions.sum(f).as(f)));
    return perKey
        .groupBy(groups.toArray(Column[]::new))
        .agg(functions.sum(LEGACY_ROWS).as(LEGACY_ROWS), aggs.toArray(Column[]::new));
  }

  /**
   * The value check's readings, carried through the grouping: the legacy ones on legacy rows, the
   * staged ones on staged rows (null on the other side).
   */
  private static void carried(
      Dataset<Row> legacy,
      Dataset<Row> staged,
      ValueCheck.Reading reading,
      List<Column> lMore,
      List<Column> sMore) {
    List<Column> l = reading.legacyColumns();
    List<Column> s = reading.stagedColumns();
    StructType lTypes = legacy.select(l.toArray(Column[]::new)).schema();
    StructType sTypes = staged.select(s.toArray(Column[]::new)).schema();
    lMore.addAll(l);
    for (StructField f : sTypes.fields()) {
      lMore.add(functions.lit(null).cast(f.dataType()).as(f.name()));
    }
    for (StructField f : lTypes.fields()) {
      sMore.add(functions.lit(null).cast(f.dataType()).as(f.name()));
    }
    sMore.addAll(s);
  }

  /**
   * A key with one legacy row, not changed since staging, whose parent (if any) is not a suspect,
   * and {@code staged} staged rows.
   */
  private static Column oneUnchangedLegacyRowAnd(long staged) {
    return functions
        .col(LEGACY_ROWS)
        .equalTo(1)
        .and(functions.col(STAGED_ROWS).equalTo(staged))
        .and(functions.col("_changed").equalTo(0))
        .and(functions.col("_parent").equalTo(0));
  }

  /** Legacy rows of {@code cohort} vouched for as quarantined or excluded again. */
  long rejectedIn(String cohort) {
    return rejected.getOrDefault(cohort, 0L);
  }

  /**
   * Staged rows of {@code cohort} vouched for by their hashes: staged rows minus those of suspects.
   */
  long vouchedIn(String cohort, long stagedRows) {
    return stagedRows - stagedInSuspects.getOrDefault(cohort, 0L);
  }

  /** The rows of {@code rows} whose cohort and key are a suspect's. */
  Dataset<Row> ofSuspects(Dataset<Row> rows, List<String> key) {
    Dataset<Row> k = broadcastIfSmall(suspectKeys());
    Column on = rows.col(StageColumns.COHORT).equalTo(k.col(StageColumns.COHORT));
    for (String c : key) {
      on = on.and(rows.col(Sql.column(c)).eqNullSafe(k.col(Sql.column(c))));
    }
    return rows.join(k, on, "left_semi");
  }

  /** {@code rows} with a boolean column {@code name}: true for the rows of a suspect key. */
  Dataset<Row> tagged(Dataset<Row> rows, List<String> key, String name) {
    Dataset<Row> suspectKeys = suspectKeys();
    List<Column> renamed =
        new ArrayList<>(List.of(suspectKeys.col(StageColumns.COHORT).as("_k_cohort")));
    for (int i = 0; i < key.size(); i++) {
      renamed.add(suspectKeys.col(Sql.column(key.get(i))).as("_k_" + i));
    }
    renamed.add(functions.lit(true).as(name));
    Dataset<Row> k = suspectKeys.select(renamed.toArray(Column[]::new));
    k = broadcastIfSmall(k);
    Column on = rows.col(StageColumns.COHORT).equalTo(k.col("_k_cohort"));
    for (int i = 0; i < key.size(); i++) {
      on = on.and(rows.col(Sql.column(key.get(i))).eqNullSafe(k.col("_k_" + i)));
    }
    List<Column> out =
        new ArrayList<>(
            java.util.Arrays.stream(rows.columns()).map(c -> rows.col(Sql.column(c))).toList());
    out.add(functions.coalesce(k.col(name), functions.lit(false)).as(name));
    return rows.join(k, on, "left").select(out.toArray(Column[]::new));
  }

  /**
   * The keys recomputed: all but those vouched for as quarantined or excluded again (they have no
   * staged row to tag). Cohort and key columns, with the counts.
   */
  Dataset<Row> suspectKeys() {
    return keys.filter(functions.not(functions.col(REJECTED)));
  }

  /** The suspects' keys go to every task when there are at most a million of them (tens of MB). */
  private Dataset<Row> broadcastIfSmall(Dataset<Row> k) {
    return suspects <= 1_000_000 ? functions.broadcast(k) : k;
  }

  void release() {
    keys.unpersist();
    values.ifPresent(v -> v.rows().unpersist());
  }

  private static Column[] columns(List<String> names) {
    return names.stream().map(n -> functions.col(Sql.column(n))).toArray(Column[]::new);
  }

  /** {@code names} of {@code rows}, then {@code more}, then {@code carried}. */
  private static Column[] columns(
      Dataset<Row> rows, List<String> names, List<Column> carried, Column... more) {
    List<Column> out = new ArrayList<>(names.stream().map(n -> rows.col(Sql.column(n))).toList());
    out.addAll(List.of(more));
    out.addAll(carried);
    return out.toArray(Column[]::new);
  }
}
