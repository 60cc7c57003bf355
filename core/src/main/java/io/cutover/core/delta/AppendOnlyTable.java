package io.cutover.core.delta;

import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Appends to Cutover's append-only Delta tables (stage runs, quarantine, exclusions, verdicts, metrics). Runs of
 * different cohorts may write them at the same moment: appends to an existing table never conflict, but Delta lets
 * only one writer create a table ("ProtocolChangedException ... writing to an empty directory"), so the table is
 * created first, and a writer that loses that race finds it there on its next try.
 */
public final class AppendOnlyTable {
    /** Tries of a step that only conflicts with the same step of another run, which then has done the work. */
    static final int ATTEMPTS = 5;

    private AppendOnlyTable() {
    }

    public static void append(Dataset<Row> rows, String path, String... partitionBy) {
        SparkSession spark = rows.sparkSession();
        retryingConflicts(() -> {
            if (!DeltaTable.isDeltaTable(spark, path)) {
                DeltaTable.createIfNotExists(spark).location(path).addColumns(nullable(rows.schema())).partitionedBy(partitionBy).execute();
            }
        });
        // A newer Cutover may add a column to its own table (quarantine's source_hash): older tables take it on.
        rows.write().format("delta").mode("append").option("mergeSchema", "true").partitionBy(partitionBy).save(path);
    }

    /**
     * Runs {@code step} again when a concurrent commit of another run conflicts with it; the step must find on its
     * next try whatever the other run did (create the table if it is not there, add a constraint if it is missing).
     */
    public static void retryingConflicts(Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (ConcurrentModificationException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** As an append creates a table: every column nullable (what is written decides, not the frame's inferred flags). */
    private static StructType nullable(StructType schema) {
        return new StructType(Arrays.stream(schema.fields()).map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new));
    }
}
