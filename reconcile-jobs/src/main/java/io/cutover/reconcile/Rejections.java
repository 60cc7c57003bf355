package io.cutover.reconcile;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The rows the cohorts' stage runs quarantined or excluded (merged-away duplicates among the
 * excluded), read once from each table: conservation counts them, and the hashes vouch for legacy
 * rows that would be rejected again.
 */
final class Rejections {
  private static final String MERGED = "_merged";
  private final Table quarantine;
  private final Table exclusions;

  private Rejections(Table quarantine, Table exclusions) {
    this.quarantine = quarantine;
    this.exclusions = exclusions;
  }

  /**
   * One table's rows of the runs, narrowed to what is used and cached (they are few); empty if it
   * does not exist.
   */
  private record Table(
      String name,
      String path,
      boolean exists,
      Optional<Dataset<Row>> rows,
      Map<String, Long> byCohort) {}

  /**
   * {@code runIds}: the stage run of each cohort; rows are counted by run id, so an earlier run's
   * rows never count.
   */
  static Rejections read(SparkSession session, TargetSpec target, Map<String, String> runIds) {
    return new Rejections(
        table(session, "quarantine", target.quarantinePath(), runIds, false),
        table(session, "exclusions", target.exclusionsPath(), runIds, true));
  }

  private static Table table(
      SparkSession session,
      String name,
      String path,
      Map<String, String> runIds,
      boolean exclusions) {
    Map<String, Long> byCohort = new TreeMap<>();
    runIds.keySet().forEach(c -> byCohort.put(c, 0L));
    if (!DeltaTable.isDeltaTable(session, path)) {
      return new Table(name, path, false, Optional.empty(), byCohort);
    }
    Dataset<Row> all = session.read().format("delta").load(path);
    // Stage runs from before the hashes were recorded wrote none: those rows are recomputed
    // instead.
    Column hash =
        Arrays.asList(all.columns()).contains(StageColumns.REJECTED_SOURCE_HASH)
            ? all.col(StageColumns.REJECTED_SOURCE_HASH)
            : functions.lit(null).cast("long");
    Column merged =
        exclusions ? all.col("kind").equalTo(StageColumns.MERGED) : functions.lit(false);
    Dataset<Row> rows =
        all.filter(all.col("run_id").isin(runIds.values().toArray()))
            .select(
                all.col("run_id"),
                all.col(StageColumns.COHORT),
                hash.as(StageColumns.REJECTED_SOURCE_HASH),
                merged.as(MERGED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> byRun = PerCohort.counts(rows, rows.col("run_id"));
    runIds.forEach((cohort, run) -> byCohort.put(cohort, byRun.getOrDefault(run, 0L)));
    return new Table(name, path, true, Optional.of(rows), byCohort);
  }

  /**
   * Rows counted without their hashes (tables that exist, none of whose rows the hashes can vouch
   * for), as a test or a caller that counted them elsewhere gives them.
   */
  static Rejections counted(Map<String, Long> quarantined, Map<String, Long> excluded) {
    return new Rejections(
        new Table("quarantine", "", true, Optional.empty(), Map.copyOf(quarantined)),
        new Table("exclusions", "", true, Optional.empty(), Map.copyOf(excluded)));
  }

  /**
   * The tables that do not exist, as "the quarantine table PATH". Every stage run writes both
   * (empty or not), so a missing one was deleted or moved: its rows cannot be counted, and
   * conservation must not pass on zeros.
   */
  List<String> missing() {
    List<String> out = new ArrayList<>();
    for (Table t : new Table[] {quarantine, exclusions}) {
      if (!t.exists()) {
        out.add("the " + t.name() + " table " + t.path());
      }
    }
    return out;
  }

  /** Rows the stage run of each cohort quarantined. */
  Map<String, Long> quarantined() {
    return quarantine.byCohort();
  }

  /** Rows the stage run of each cohort excluded, merged-away duplicates included. */
  Map<String, Long> excluded() {
    return exclusions.byCohort();
  }

  /**
   * Cohort and legacy-row hash of the quarantined and excluded rows that recorded one. Merged-away
   * duplicates are left out: their keys have two legacy rows, never vouched for.
   */
  Optional<Dataset<Row>> hashes() {
    Dataset<Row> out = null;
    for (Table t : new Table[] {quarantine, exclusions}) {
      if (t.rows().isPresent()) {
        Dataset<Row> rows = t.rows().get();
        Dataset<Row> picked =
            rows.filter(
                    functions
                        .not(rows.col(MERGED))
                        .and(rows.col(StageColumns.REJECTED_SOURCE_HASH).isNotNull()))
                .select(StageColumns.COHORT, StageColumns.REJECTED_SOURCE_HASH);
        out = out == null ? picked : out.unionByName(picked);
      }
    }
    return Optional.ofNullable(out);
  }

  void release() {
    quarantine.rows().ifPresent(Dataset::unpersist);
    exclusions.rows().ifPresent(Dataset::unpersist);
  }
}
