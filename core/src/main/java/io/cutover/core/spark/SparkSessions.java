package io.cutover.core.spark;

import io.cutover.core.fs.ForklessLocalFiles;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one Spark session a command runs with: Delta's extension and catalog on, Spark's
 * console progress bar and INFO chatter off. Jobs receive the session; none of them creates its
 * own.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(SessionSettings settings) {
    SparkSession session = SparkSession.builder().config(conf(settings)).getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }

  /**
   * The settings the session starts with: Spark's defaults (spark-submit's included), ours, then
   * the command's.
   */
  static SparkConf conf(SessionSettings settings) {
    SparkConf conf =
        new SparkConf()
            .setAppName("cutover " + settings.appName())
            .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .set(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.sql.session.timeZone", "UTC")
            // Legacy data holds dates before 1900; Cutover writes them as they are (proleptic
            // calendar).
            .set("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
            .set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    if (!conf.contains("spark.master") && settings.master().isEmpty()) {
      conf.setMaster("local[*]");
    }
    settings.master().ifPresent(conf::setMaster);
    // On one machine Spark's default of 200 shuffle partitions is mostly task overhead, and so are
    // Delta's 50 partitions for rebuilding a table's state from its log: every read of a Delta
    // table does that once per new version (reconcile of one cohort at 5M rows: 14.0 -> 12.4 s;
    // 42 -> 31 s in a fresh JVM).
    if (conf.get("spark.master", "").startsWith("local")) {
      String local = String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
      setUnlessGiven(conf, settings, "spark.sql.shuffle.partitions", local);
      setUnlessGiven(conf, settings, "spark.databricks.delta.snapshotPartitions", local);
      ForklessLocalFiles.SETTINGS.forEach(
          (key, value) -> setUnlessGiven(conf, settings, key, value));
    }
    settings.conf().forEach(conf::set);
    return conf;
  }

  /** Ours, unless the command's settings or spark-submit's give the key. */
  private static void setUnlessGiven(
      SparkConf conf, SessionSettings settings, String key, String value) {
    if (!settings.conf().containsKey(key) && !conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
