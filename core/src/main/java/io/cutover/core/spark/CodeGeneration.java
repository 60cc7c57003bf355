package io.cutover.core.spark;

import io.cutover.core.source.SchemaSources;
import io.cutover.core.spec.SourceSpec;
import java.util.Collection;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Whether Spark compiles generated code for a command's queries. Compiling (Janino, then the JIT)
 * costs a fixed few hundred milliseconds per new query shape and pays off only on volume: the
 * demo's 2,000 customers took 84 s compiled and 58 s interpreted. Below {@link #COMPILE_FROM} bytes
 * of legacy input a command's session interprets expressions, unless the user set either setting.
 */
public record CodeGeneration(boolean compiled, long inputBytes) {
  /** About 200,000 of the demo's customers in Parquet. */
  public static final long COMPILE_FROM = 16L << 20;

  /** A size for inputs that cannot be measured without reading them (databases). */
  public static final long UNKNOWN = Long.MAX_VALUE;

  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  public static CodeGeneration forInput(long inputBytes) {
    return new CodeGeneration(inputBytes >= COMPILE_FROM, inputBytes);
  }

  /**
   * The bytes the sources' files hold (a path not there yet counts nothing: the demo writes it
   * later) and their databases store, as their catalogs tell; a query, or a path or catalog that
   * cannot be read, makes the size {@link #UNKNOWN}.
   */
  public static long inputBytes(SparkSession spark, Collection<SourceSpec> sources) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    long total = 0;
    for (SourceSpec source : sources) {
      if (source.isJdbc()) {
        OptionalLong stored = SchemaSources.storedBytes(source);
        if (stored.isEmpty()) {
          return UNKNOWN;
        }
        total += stored.getAsLong();
        continue;
      }
      if (source.path().isEmpty()) {
        return UNKNOWN;
      }
      try {
        Path path = new Path(source.path().get());
        FileSystem fs = path.getFileSystem(hadoop);
        FileStatus[] found = fs.globStatus(path);
        for (FileStatus status : found == null ? new FileStatus[0] : found) {
          total += fs.getContentSummary(status.getPath()).getLength();
        }
      } catch (Exception e) {
        return UNKNOWN;
      }
    }
    return total;
  }

  /** True when the session's settings (spec, command line, spark-submit) chose either way. */
  static boolean chosenByUser(SparkConf conf) {
    return conf.contains(WHOLE_STAGE) || conf.contains(FACTORY_MODE);
  }

  /** Sets the session to this choice, unless the user already chose. */
  public void applyTo(SparkSession spark) {
    applyTo(spark.sparkContext().getConf(), spark.conf());
  }

  void applyTo(SparkConf given, RuntimeConfig session) {
    if (chosenByUser(given)) {
      return;
    }
    session.set(WHOLE_STAGE, compiled);
    session.set(FACTORY_MODE, compiled ? "FALLBACK" : "NO_CODEGEN");
  }
}
