package io.cutover.bench;

import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmark dataset: the demo generator's legacy customers (18 columns) under {@code
 * <work>/customers-<rows>}, and a spec that audits only them. Generated once: a marker file written
 * last says which rows and seed the folder holds, and a folder whose marker matches is reused as it
 * is.
 */
record BenchData(Path dir, long rows, long seed) {
  private static final String MARKER = "bench-data.properties";

  static BenchData in(Path work, long rows, long seed) {
    return new BenchData(work.resolve("customers-" + rows), rows, seed);
  }

  Path customers() {
    return dir.resolve("legacy/customers");
  }

  /** Generates the data unless the marker says it is already there; true when it generated. */
  boolean prepare(SparkSession spark) {
    if (current()) {
      return false;
    }
    deleteTree(dir);
    new DemoDataGenerator(spark, new DemoOptions(rows, seed, dir.resolve("legacy").toString()))
        .run();
    write(dir.resolve(MARKER), marker());
    return true;
  }

  AuditWorkloads.Subject subject() {
    return new AuditWorkloads.Subject(customers().toString(), spec());
  }

  /**
   * The customers source alone, as rules/customers.conf declares it; reports (never written here)
   * under the folder.
   */
  MigrationSpec spec() {
    Path file = dir.resolve("bench.conf");
    write(
        file,
        String.join(
            "\n",
            "# Written by bench/run: the demo's customers source alone, as rules/customers.conf declares it.",
            "name = cutover-bench",
            "sources {",
            "  customers {",
            "    format = parquet",
            "    path = \"legacy/customers\"",
            "    key = [customer_id]",
            "    pii = [first_name, last_name, email, phone]",
            "    last-updated = updated_at",
            "  }",
            "}",
            "cohorts { source = customers, count = 100, seed = 20261128 }",
            "target { table = customers, path = \"staged\" }",
            "audit { bounds { balance { min = -10000, max = 1000000 } } }",
            ""));
    return SpecLoader.load(file, Map.of(), Map.of("work-dir", dir.toString()));
  }

  /**
   * The demo's own spec, {@code rules/customers.conf} of the repository at {@code repoRoot} (13
   * customers rules, 100 cohorts), reading this folder's customers, with the staged tables and
   * reports of one benchmark under {@code <dir>/<area>} so that benchmarks never share tables.
   */
  MigrationSpec demoSpec(Path repoRoot, String area) {
    Path under = area(area);
    return SpecLoader.load(
        repoRoot.resolve("rules/customers.conf"),
        Map.of(),
        Map.of(
            "work-dir",
            dir.toString(),
            "target.path",
            under.resolve("staged").toString(),
            "reports.path",
            under.resolve("reports").toString(),
            "ledger.path",
            under.resolve("ledger").toString()));
  }

  /** The folder a benchmark writes its tables under. */
  Path area(String name) {
    return dir.resolve(name);
  }

  long bytesOnDisk() {
    try (Stream<Path> files = Files.walk(customers())) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .mapToLong(p -> p.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long files() {
    try (Stream<Path> files = Files.list(customers())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String marker() {
    return "rows=" + rows + "\nseed=" + seed + "\n";
  }

  private boolean current() {
    Path marker = dir.resolve(MARKER);
    try {
      return Files.isRegularFile(marker)
          && Files.readString(marker).equals(marker())
          && Files.isDirectory(customers());
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + dir + " for new benchmark data", e);
    }
  }
}
