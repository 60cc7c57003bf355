package io.cutover.core.delta;

import io.cutover.core.rules.StageColumns;
import io.delta.tables.DeltaTable;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Each cohort's stage runs as the runs table records them, rollbacks applied. A stage run stacks on
 * the cohort's runs; a rollback takes the run it undid off again, so the run on top is the one the
 * cohort's staged rows come from now, and the one beneath it is what the next rollback restores
 * (stage r1, stage r2, rollback: r1; stage r3, rollback: r1 again).
 */
public final class CohortRuns {
  public static final String STAGE = "stage";
  public static final String ROLLBACK = "rollback";

  /**
   * Columns only rollback rows fill: the run taken off, and the run the cohort holds after it
   * (null: none).
   */
  public static final String UNDONE = "undone_run_id";

  public static final String RESTORED = "restored_run_id";

  /**
   * On stage rows: each staged table of the run, struct(table, rules_hash, source_rows, staged,
   * quarantined, excluded, merged, staged_version); absent or null on runs from before Cutover
   * staged more than one table.
   */
  public static final String TABLES = "tables";

  private final Map<String, Deque<Row>> stacks;
  private final Set<String> everStaged;

  private CohortRuns(Map<String, Deque<Row>> stacks, Set<String> everStaged) {
    this.stacks = stacks;
    this.everStaged = everStaged;
  }

  /**
   * The runs of {@code cohorts} (of every cohort when empty) in the runs table at {@code path};
   * none if it does not exist.
   */
  public static CohortRuns read(SparkSession spark, String path, List<String> cohorts) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return of(List.of());
    }
    Dataset<Row> runs =
        spark.read().format("delta").load(path).filter(functions.col("kind").isin(STAGE, ROLLBACK));
    if (!cohorts.isEmpty()) {
      runs = runs.filter(functions.col(StageColumns.COHORT).isin(cohorts.toArray()));
    }
    return of(runs.collectAsList());
  }

  /**
   * From rows of the runs table, in any order: replayed in the order of the staged table's commits
   * they made (Delta orders those; drivers' clocks may not agree), then by finish time.
   */
  public static CohortRuns of(List<Row> rows) {
    Map<String, Deque<Row>> stacks = new TreeMap<>();
    Set<String> everStaged = new HashSet<>();
    List<Row> ordered =
        rows.stream()
            .sorted(
                Comparator.<Row, Long>comparing(r -> r.getAs("staged_version"))
                    .thenComparing(r -> r.<java.sql.Timestamp>getAs("finished_at")))
            .toList();
    for (Row r : ordered) {
      String cohort = r.getAs(StageColumns.COHORT);
      Deque<Row> stack = stacks.computeIfAbsent(cohort, c -> new ArrayDeque<>());
      if (STAGE.equals(r.getAs("kind"))) {
        stack.push(r);
        everStaged.add(cohort);
      } else {
        String undone =
            Arrays.asList(r.schema().fieldNames()).contains(UNDONE) ? r.getAs(UNDONE) : null;
        stack.removeIf(s -> s.<String>getAs("run_id").equals(undone));
      }
    }
    return new CohortRuns(stacks, everStaged);
  }

  /** The stage run the cohort's staged rows come from now, if any. */
  public Optional<Row> current(String cohort) {
    return Optional.ofNullable(stacks.getOrDefault(cohort, new ArrayDeque<>()).peek());
  }

  /**
   * The stage run a rollback of the current one restores, if any (none: the cohort is left empty).
   */
  public Optional<Row> previous(String cohort) {
    return stacks.getOrDefault(cohort, new ArrayDeque<>()).stream().skip(1).findFirst();
  }

  /**
   * The staged tables a stage run row records, by table name (none for a run recorded before there
   * were several).
   */
  public static Map<String, Row> tablesOf(Row run) {
    Map<String, Row> out = new java.util.LinkedHashMap<>();
    if (Arrays.asList(run.schema().fieldNames()).contains(TABLES)
        && !run.isNullAt(run.fieldIndex(TABLES))) {
      run.<Row>getList(run.fieldIndex(TABLES)).forEach(t -> out.put(t.getAs("table"), t));
    }
    return out;
  }

  /** The cohorts that hold a stage run now. */
  public List<String> staged() {
    return stacks.entrySet().stream()
        .filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Whether the cohort was ever staged, even if every run was rolled back since. */
  public boolean everStaged(String cohort) {
    return everStaged.contains(cohort);
  }
}
