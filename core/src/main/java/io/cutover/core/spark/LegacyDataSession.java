package io.cutover.core.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The settings every job reading legacy data needs, on a clone of the caller's session (never on the caller's):
 * bad dates and casts give null rather than failing the scan, broken CSV lines are flagged whatever columns a
 * query reads, and the huge generated methods of rule and profile plans are split so the JIT compiles them.
 */
public final class LegacyDataSession {
    private LegacyDataSession() {
    }

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
}
