package io.cutover.core.testing;

import io.cutover.core.demo.DemoDataGenerator;
import io.cutover.core.demo.DemoOptions;
import io.cutover.core.demo.GroundTruth;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's legacy data for one (rows, seed), generated once per test JVM into a shared temporary
 * folder and handed to every class that asks for the same pair: the generator runs four Spark jobs
 * and a few seconds per call, so classes that read the same data stop paying for it again.
 *
 * <p>The data is read-only to tests. A test points the demo spec's sources at it and writes
 * everything else (staged tables, reports, changed copies of a source) under a work folder of its
 * own: {@link #spec(Path, Map)} does both. Each later {@link #of} checks that no file of the data
 * changed since it was generated (names, sizes, modification times) and fails naming the files that
 * did, so a test that writes into it is caught by the next class that reads it. The folder is
 * deleted when the JVM exits.
 */
public final class DemoData {
  /** The demo's spec, {@code rules/customers.conf}. */
  public static final Path DEMO_SPEC =
      Path.of(System.getProperty("cutover.repo.root", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("rules/customers.conf");

  private static final Map<String, DemoData> GENERATED = new HashMap<>();
  private static Path root;

  private final Path legacy;
  private final GroundTruth truth;
  private final Map<String, String> files;

  private DemoData(Path legacy, GroundTruth truth) {
    this.legacy = legacy;
    this.truth = truth;
    this.files = fingerprint(legacy);
  }

  /**
   * The demo data of {@code rows} customers (and twice as many orders) from {@code seed}, generated
   * on the first call for the pair and shared afterwards.
   */
  public static synchronized DemoData of(SparkSession spark, long rows, long seed) {
    String key = rows + "-" + seed;
    DemoData known = GENERATED.get(key);
    if (known != null) {
      known.checkUnchanged();
      return known;
    }
    Path legacy = sharedRoot().resolve(key);
    GroundTruth truth =
        new DemoDataGenerator(spark, new DemoOptions(rows, seed, legacy.toString())).run();
    DemoData generated = new DemoData(legacy, truth);
    GENERATED.put(key, generated);
    return generated;
  }

  /** The folder the generator wrote: {@code customers/}, {@code orders/}, ground-truth.json. */
  public Path legacy() {
    return legacy;
  }

  public Path customers() {
    return legacy.resolve("customers");
  }

  public Path orders() {
    return legacy.resolve("orders");
  }

  /** What the generator planted, with exact counts. */
  public GroundTruth truth() {
    return truth;
  }

  /**
   * Spec overrides that read the sources from this data and write everything else under {@code
   * workDir}.
   */
  public Map<String, String> overrides(Path workDir) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("work-dir", workDir.toString());
    overrides.put("sources.customers.path", customers().toString());
    overrides.put("sources.orders.path", orders().toString());
    return overrides;
  }

  /**
   * The demo spec over this data, writing under {@code workDir}, with further overrides (e.g.
   * {@code cohorts.count}, or a source path pointing at a changed copy in {@code workDir}).
   */
  public MigrationSpec spec(Path workDir, Map<String, String> more) {
    Map<String, String> overrides = overrides(workDir);
    overrides.putAll(more);
    return SpecLoader.load(DEMO_SPEC, Map.of(), overrides);
  }

  /**
   * The demo spec's text with its source paths made absolute paths into this data, for a spec file
   * handed to the launcher; {@code count = 100} becomes {@code count = cohorts}.
   */
  public String specText(int cohorts) {
    try {
      return Files.readString(DEMO_SPEC)
          .replace("path = \"legacy/customers\"", "path = \"" + customers() + "\"")
          .replace("path = \"legacy/orders\"", "path = \"" + orders() + "\"")
          .replace("count = 100", "count = " + cohorts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkUnchanged() {
    Map<String, String> now = fingerprint(legacy);
    if (now.equals(files)) {
      return;
    }
    Map<String, String> changed = new TreeMap<>();
    files.forEach((file, was) -> changed.put(file, now.getOrDefault(file, "deleted")));
    now.forEach((file, is) -> changed.putIfAbsent(file, "added: " + is));
    changed.entrySet().removeIf(e -> e.getValue().equals(files.get(e.getKey())));
    throw new AssertionError(
        "The shared demo data in "
            + legacy
            + " is read-only to tests, but a test changed it: "
            + changed
            + ". Write changed copies under the test's own work folder and point the spec at them.");
  }

  /** Every file under {@code dir}: relative path -> size and modification time. */
  private static Map<String, String> fingerprint(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString(),
            Files.size(p) + " bytes, modified " + Files.getLastModifiedTime(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static Path sharedRoot() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("cutover-demo-data-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created)));
    }
    return root;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort at exit: the folder is under the system's temporary directory
    }
  }
}
