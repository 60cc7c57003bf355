package io.cutover.transform;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.TargetSpec;
import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables a migration stages into: the staged table (partitioned by cohort, NOT NULL and CHECK
 * constraints from the spec) and the append-only quarantine, exclusions and runs tables.
 */
final class StageTables {
    static final StructType QUARANTINE = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add(StageColumns.COHORT, DataTypes.StringType, false)
            .add("rule", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true)
            .add("staged_at", DataTypes.TimestampType, false);

    static final StructType EXCLUSIONS = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add(StageColumns.COHORT, DataTypes.StringType, false)
            .add("kind", DataTypes.StringType, false)
            .add("rule", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true)
            .add("staged_at", DataTypes.TimestampType, false);

    private final SparkSession spark;
    private final TargetSpec target;

    StageTables(SparkSession spark, TargetSpec target) {
        this.spark = spark;
        this.target = target;
    }

    /** The staged table's current version, or -1 before its first commit. */
    long stagedVersion() {
        return version(target.stagedPath());
    }

    long version(String path) {
        if (!DeltaTable.isDeltaTable(spark, path)) {
            return -1;
        }
        return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
    }

    /**
     * Creates the staged table on first use, adds the hash columns to a table staged before they existed, then
     * makes sure every CHECK of the spec is a Delta constraint.
     */
    void ensureStaged(StructType schema) {
        String path = target.stagedPath();
        DeltaTable.createIfNotExists(spark).location(path).addColumns(schema).partitionedBy(StageColumns.COHORT).execute();
        java.util.List<String> have = java.util.Arrays.asList(DeltaTable.forPath(spark, path).toDF().columns());
        java.util.List<String> hashes = java.util.stream.Stream.of(StageColumns.SOURCE_HASH, StageColumns.ROW_HASH).filter(c -> !have.contains(c)).toList();
        if (!hashes.isEmpty()) {
            spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD COLUMNS (" + String.join(", ", hashes.stream().map(c -> c + " BIGINT").toList()) + ")");
        }
        Map<String, String> properties = scala.collection.JavaConverters.mapAsJavaMap(
                DeltaTable.forPath(spark, path).detail().first().<scala.collection.Map<String, String>>getAs("properties"));
        for (TargetSpec.Check check : target.checks()) {
            if (!properties.containsKey("delta.constraints." + check.name().toLowerCase(java.util.Locale.ROOT))) {
                spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD CONSTRAINT `" + check.name() + "` CHECK (" + check.expression() + ")");
            }
        }
    }
}
