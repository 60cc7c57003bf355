package io.cutover.audit;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Audits of one-file specs ({@link TestSpecs}) at a fixed "today". */
final class AuditSpecs {
  /** The audits' "today". */
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private AuditSpecs() {}

  /**
   * The spec of {@code sources} (HOCON source blocks, relative paths against {@code dir}) with
   * {@code audit} as the body of its audit block (none when blank).
   */
  static MigrationSpec spec(Path dir, String sources, String audit) throws IOException {
    return TestSpecs.load(
        dir, sources, audit.isBlank() ? "" : "audit { " + audit + " }\n", Map.of());
  }

  /** Audits every source of {@code spec} at {@link #NOW}. */
  static AuditResult audit(SparkSession spark, MigrationSpec spec) {
    return new AuditJob(spark, spec, new AuditOptions(List.of(), "t", NOW), Progress.SILENT).run();
  }

  /** Audits {@code sources} with the audit's defaults. */
  static AuditResult audit(SparkSession spark, Path dir, String sources) throws IOException {
    return audit(spark, spec(dir, sources, ""));
  }
}
