package io.cutover.transform;

import java.time.Instant;

/**
 * What a rollback did to a cohort: the stage run it took off, the stage run the cohort holds again
 * (null: none, the cohort is empty), the staged rows before and after, and the staged table's Delta
 * version it committed (-1 for a dry run).
 */
public record RollbackResult(
    String runId,
    String cohort,
    boolean dryRun,
    String undoneRunId,
    String restoredRunId,
    long rowsBefore,
    long rowsAfter,
    long restoredFromVersion,
    long stagedVersion,
    Instant startedAt,
    Instant finishedAt) {}
