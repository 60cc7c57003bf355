package io.cutover.transform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one stage run did to a cohort: where every source row went (conservation: source = staged +
 * quarantined + excluded + merged), the rows each rule took, the staged table's Delta version, and
 * for a dry run a few masked sample rows per quarantine reason. The numbers are the cohort
 * source's; {@code tables} has them for every staged table of the run, the cohort source's first.
 *
 * @param byRule "kind rule" -> rows, e.g. "quarantine cast:signup_date" -> 12; staged rows a rule
 *     rounded or cut as the spec allows count as "rounded cast:balance", "truncated cast:notes"
 */
public record StageResult(
    String runId,
    String cohort,
    boolean dryRun,
    String specHash,
    String rulesHash,
    long sourceRows,
    long staged,
    long quarantined,
    long excluded,
    long merged,
    Map<String, Long> byRule,
    long stagedVersion,
    Map<String, List<String>> samples,
    Instant startedAt,
    Instant finishedAt,
    List<Table> tables) {

  /**
   * What the run did to one staged table: its source's rows went staged, quarantined, excluded or
   * merged.
   */
  public record Table(
      String table,
      String rulesHash,
      long sourceRows,
      long staged,
      long quarantined,
      long excluded,
      long merged,
      Map<String, Long> byRule,
      long stagedVersion) {
    public Table {
      byRule = Map.copyOf(byRule);
    }

    public boolean conserved() {
      return sourceRows == staged + quarantined + excluded + merged;
    }
  }

  public StageResult {
    byRule = Map.copyOf(byRule);
    samples = Map.copyOf(samples);
    tables = List.copyOf(tables);
  }

  public boolean conserved() {
    return sourceRows == staged + quarantined + excluded + merged
        && tables.stream().allMatch(Table::conserved);
  }
}
