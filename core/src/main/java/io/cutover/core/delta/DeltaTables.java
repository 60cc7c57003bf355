package io.cutover.core.delta;

import io.cutover.core.run.CutoverException;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Creates Cutover's Delta tables when two runs may do it at once. Delta lets one writer create a
 * table; the other fails in one of several ways depending on the moment: a conflicting commit
 * (ProtocolChangedException, "writing to an empty directory"), "already exists", or
 * DELTA_TABLE_NOT_FOUND when its create saw the winner's half-made folder (Delta takes any
 * non-empty folder for an existing table and skips the create, but the winner's first commit is not
 * written yet). Each is the other run creating it: the loser waits, reads the table back and checks
 * its schema. Every table Cutover creates goes through {@link #ensure}.
 */
public final class DeltaTables {
  /**
   * Tries of a step that only loses to the same step of another run; with the waits, about 15 s in
   * all.
   */
  static final int ATTEMPTS = 20;

  private static final long FIRST_WAIT_MS = 50;
  private static final long LONGEST_WAIT_MS = 1000;

  /**
   * Delta's error classes of a table or constraint another writer made (or is making) at the same
   * moment.
   */
  private static final Set<String> RACE_ERRORS =
      Set.of(
          "DELTA_TABLE_NOT_FOUND",
          "DELTA_PATH_EXISTS",
          "DELTA_TABLE_ALREADY_EXISTS",
          "DELTA_LOG_ALREADY_EXISTS",
          "DELTA_FILE_ALREADY_EXISTS",
          "DELTA_CONSTRAINT_ALREADY_EXISTS",
          "TABLE_OR_VIEW_ALREADY_EXISTS");

  private DeltaTables() {}

  /**
   * Makes sure a Delta table is at {@code path}: returns at once if one is there; else creates it
   * with {@code schema} partitioned by {@code partitionColumns}, or finds it made by another run
   * meanwhile, and then checks that every column it shares with {@code schema} has the same type
   * and that it is partitioned the same way (the check costs about 0.1 s, so a table there before
   * is not checked again).
   */
  public static void ensure(
      SparkSession spark, String path, StructType schema, String... partitionColumns) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      // Made by an earlier run: its columns are kept up to date by the writers (mergeSchema, ADD
      // COLUMNS).
      return;
    }
    retryingRaces(
        () -> {
          if (!DeltaTable.isDeltaTable(spark, path)) {
            DeltaTable.createIfNotExists(spark)
                .location(path)
                .addColumns(schema)
                .partitionedBy(partitionColumns)
                .execute();
          }
          requireSchema(spark, path, schema, partitionColumns);
        });
  }

  /**
   * Runs {@code step} again, after a short wait, when it lost a race with the same step of another
   * run (see the class comment); the step must find on its next try whatever the other run did.
   * Anything else, or a race lost {@value #ATTEMPTS} times, is thrown.
   */
  public static void retryingRaces(Runnable step) {
    long wait = FIRST_WAIT_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS || !lostRace(e)) {
          throw e;
        }
      } catch (Exception e) {
        // Scala throws AnalysisException (checked in Java) without declaring it.
        if (attempt == ATTEMPTS || !lostRace(e)) {
          throw CutoverException.runtime(e.getMessage(), e);
        }
      }
      sleep(wait);
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    }
  }

  /**
   * Whether {@code e} (or a cause) is what a writer gets when another writer creates or alters the
   * same table at once.
   */
  static boolean lostRace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.ConcurrentModificationException
          || t instanceof java.nio.file.FileAlreadyExistsException
          || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
        return true;
      }
      if (t instanceof org.apache.spark.SparkThrowable s
          && s.getErrorClass() != null
          && RACE_ERRORS.contains(s.getErrorClass())) {
        return true;
      }
    }
    return false;
  }

  private static void requireSchema(
      SparkSession spark, String path, StructType schema, String[] partitionColumns) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    StructType have = table.toDF().schema();
    List<String> problems = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Arrays.stream(have.fields())
          .filter(h -> h.name().equalsIgnoreCase(f.name()))
          .findFirst()
          .filter(h -> !h.dataType().catalogString().equals(f.dataType().catalogString()))
          .ifPresent(
              h ->
                  problems.add(
                      "column "
                          + f.name()
                          + " is "
                          + h.dataType().catalogString()
                          + ", not "
                          + f.dataType().catalogString()));
    }
    org.apache.spark.sql.Row detail = table.detail().first();
    List<String> partitions = detail.<String>getList(detail.fieldIndex("partitionColumns"));
    if (!partitions.equals(List.of(partitionColumns))) {
      problems.add(
          "it is partitioned by "
              + (partitions.isEmpty() ? "nothing" : partitions)
              + ", not "
              + List.of(partitionColumns));
    }
    if (!problems.isEmpty()) {
      throw CutoverException.badInput(
          "The Delta table at "
              + path
              + " is not the one Cutover writes there: "
              + String.join("; ", problems)
              + ". Move it away or point the spec's target at another path.");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CutoverException.runtime(
          "Interrupted while waiting for another run to create a Delta table", e);
    }
  }
}
