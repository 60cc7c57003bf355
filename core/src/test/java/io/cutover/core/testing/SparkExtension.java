package io.cutover.core.testing;

import io.cutover.core.fs.ForklessLocalFiles;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests one local Spark session per test JVM (local[2], UI off, two shuffle partitions, Delta
 * on, bound to 127.0.0.1). Declare a {@code SparkSession} parameter on a constructor, test or
 * lifecycle method.
 *
 * <p>Expressions are interpreted, not compiled: on test-sized data compiling each new query's
 * generated code took about a fifth of a reconcile test's time. Adaptive execution is off and plans
 * are explained in simple mode with few fields: Spark writes the whole plan out at every SQL
 * execution and, with AQE, again at every stage update, which was half a reconcile's driver time on
 * the demo's cohort (AQE also doubles its jobs). The launcher, cluster and bench runs keep Spark's
 * defaults (generated code, AQE), so those paths stay exercised.
 */
public final class SparkExtension implements ParameterResolver {
  private static final String KEY = "cutover.spark";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new Holder(), Holder.class)
        .session;
  }

  /** Stopped by JUnit when the root context closes, at the end of the run. */
  private static final class Holder implements ExtensionContext.Store.CloseableResource {
    final SparkSession session = builder().getOrCreate();

    private static SparkSession.Builder builder() {
      SparkSession.Builder builder =
          SparkSession.builder()
              .appName("cutover-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config("spark.sql.codegen.wholeStage", "false")
              .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
              .config("spark.sql.ui.explainMode", "simple")
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.debug.maxToStringFields", "5")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
              .config(
                  "spark.sql.catalog.spark_catalog",
                  "org.apache.spark.sql.delta.catalog.DeltaCatalog")
              .config("spark.databricks.delta.snapshotPartitions", "2")
              .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
              .config("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
              .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
      // No process per file written (Hadoop's chmod and readlink), as in the launcher's sessions.
      ForklessLocalFiles.SETTINGS.forEach(builder::config);
      return builder;
    }

    Holder() {
      session.sparkContext().setLogLevel("WARN");
    }

    @Override
    public void close() {
      session.stop();
    }
  }
}
