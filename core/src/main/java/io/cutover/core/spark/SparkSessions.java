package io.cutover.core.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one Spark session a command runs with: Delta's extension and catalog on, Spark's console
 * progress bar and INFO chatter off. Jobs receive the session; none of them creates its own.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(SessionSettings settings) {
        SparkConf conf = new SparkConf()
                .setAppName("cutover " + settings.appName())
                .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.session.timeZone", "UTC")
                // Legacy data holds dates before 1900; Cutover writes them as they are (proleptic calendar).
                .set("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
                .set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
        if (!conf.contains("spark.master") && settings.master().isEmpty()) {
            conf.setMaster("local[*]");
        }
        settings.master().ifPresent(conf::setMaster);
        // On one machine Spark's default of 200 shuffle partitions is mostly task overhead.
        if (conf.get("spark.master", "").startsWith("local") && !settings.conf().containsKey("spark.sql.shuffle.partitions")) {
            conf.set("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
        }
        settings.conf().forEach(conf::set);
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }
}
