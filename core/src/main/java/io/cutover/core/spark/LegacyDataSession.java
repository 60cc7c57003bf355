package io.cutover.core.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The settings every job reading legacy data needs, on a clone of the caller's session (never on
 * the caller's): bad dates and casts give null rather than failing the scan, broken CSV lines are
 * flagged whatever columns a query reads, and the huge generated methods of rule and profile plans
 * are split so the JIT compiles them.
 */
public final class LegacyDataSession {
  private LegacyDataSession() {}

  public static SparkSession cloneOf(SparkSession spark) {
    SparkSession session = spark.cloneSession();
    session.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
    session.conf().set("spark.sql.ansi.enabled", "false");
    // With CSV column pruning, a line is only "malformed" for the columns a query reads.
    session.conf().set("spark.sql.csv.parser.columnPruning.enabled", "false");
    // Past the JIT's 8000-byte limit a generated method runs interpreted, several times slower.
    session.conf().set("spark.sql.codegen.hugeMethodLimit", "8000");
    return session;
  }

  /**
   * Shuffle partitions in proportion to the share of the source a run works on (one cohort of 100:
   * 1%), never below the cluster's parallelism. A cached plan keeps its shuffle's partitions
   * (adaptive execution may not coalesce them), so a 1% cohort cached behind the deduplication
   * window would otherwise be 200 tiny partitions, and every pass over it 200 tasks: about 3 s a
   * pass against 0.4 s at 5M source rows.
   */
  public static void scaleShufflePartitions(SparkSession session, int cohorts, int ofCohorts) {
    int configured = Integer.parseInt(session.conf().get("spark.sql.shuffle.partitions"));
    int floor = session.sparkContext().defaultParallelism();
    int scaled = (int) Math.ceil((double) configured * cohorts / ofCohorts);
    session
        .conf()
        .set(
            "spark.sql.shuffle.partitions",
            String.valueOf(Math.max(Math.min(floor, configured), Math.min(configured, scaled))));
  }
}
