package io.cutover.core.demo;

import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generates the demo's legacy data under {@code outputDir}: {@code customers} ({@code rows} rows)
 * and {@code orders} (2 × rows) as Parquet, and {@code ground-truth.json}, the exact count of every
 * defect planted in them. The same seed and rows always give the same data.
 *
 * <p>Cost: four Spark jobs, none reading input. Per table, one aggregation over {@code spark.range}
 * sums the defect flags (only the hash draws behind the flags are computed; the only shuffle is of
 * one partial row per task), then one write of the table, with no shuffle. About 6 s per million
 * customers (and their orders) on 2 busy cores. Each file holds at most a million rows; {@code
 * spark.default.parallelism} sets the fewest files per table. Outputs are staged under hidden names
 * and renamed into place at the end. Runs on a clone of the given session with {@code
 * spark.sql.codegen.hugeMethodLimit} at 8000.
 */
public final class DemoDataGenerator {
  static final String TRUTH_FILE = "ground-truth.json";
  private static final long ROWS_PER_FILE = 1_000_000;
  private static final String JOB_GROUP = "cutover-demo";

  private final SparkSession spark;
  private final DemoOptions options;

  public DemoDataGenerator(SparkSession spark, DemoOptions options) {
    // The customers projection compiles to one method too big for the JIT, which then runs it
    // interpreted,
    // about 4x slower; at the JIT's own limit Spark falls back to per-expression code instead.
    this.spark = spark.cloneSession();
    this.spark.conf().set("spark.sql.codegen.hugeMethodLimit", "8000");
    this.options = options;
  }

  public GroundTruth run() {
    List<DemoTable> tables =
        List.of(
            new CustomersFrame(options.rows(), options.seed()),
            new OrdersFrame(options.rows(), options.seed()));
    Map<String, Long> rows = new LinkedHashMap<>();
    List<PlantedDefect> defects = new ArrayList<>();
    Map<String, List<String>> clean = new LinkedHashMap<>();
    for (DemoTable table : tables) {
      List<PlantedDefect> planted = count(table);
      Set<String> defective =
          planted.stream().map(PlantedDefect::column).collect(Collectors.toSet());
      rows.put(table.name(), table.rows());
      defects.addAll(planted);
      clean.put(
          table.name(),
          Arrays.stream(data(table).columns()).filter(c -> !defective.contains(c)).toList());
    }
    GroundTruth truth = new GroundTruth(GroundTruth.FORMAT, options.seed(), rows, defects, clean);
    write(tables, truth);
    return truth;
  }

  /**
   * Defects that hit at least one row; one that hit none (possible with few rows) leaves its column
   * clean.
   */
  private List<PlantedDefect> count(DemoTable table) {
    List<Plant> plants = table.plants();
    Column[] sums =
        plants.stream().map(p -> sum(when(p.marks(), 1L).otherwise(0L))).toArray(Column[]::new);
    Row counts =
        inJobGroup(
            "Count planted defects in demo " + table.name() + " (" + table.rows() + " rows)",
            () -> range(table).agg(sums[0], Arrays.copyOfRange(sums, 1, sums.length)).first());
    List<PlantedDefect> planted = new ArrayList<>();
    for (int i = 0; i < plants.size(); i++) {
      long marked = counts.getLong(i);
      if (marked > 0) {
        planted.add(plants.get(i).counted(table.name(), marked));
      }
    }
    return planted;
  }

  private void write(List<DemoTable> tables, GroundTruth truth) {
    StagedOutput output;
    try {
      output = StagedOutput.in(options.outputDir(), spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw DemoErrors.cannotWrite(options.outputDir(), e);
    }
    try {
      for (DemoTable table : tables) {
        Path staging = output.stage(table.name());
        inJobGroup(
            "Write demo " + table.name() + " (" + table.rows() + " rows) to " + staging,
            () -> {
              data(table).write().parquet(staging.toString());
              return null;
            });
      }
      output.stageFile(TRUTH_FILE, truth.toJson());
      output.publish();
    } catch (IOException e) {
      output.discard(e);
      throw DemoErrors.cannotWrite(output.dir().toString(), e);
    } catch (RuntimeException e) {
      output.discard(e);
      throw e;
    }
  }

  private Dataset<Row> data(DemoTable table) {
    return range(table).select(table.columns().toArray(Column[]::new));
  }

  private Dataset<Row> range(DemoTable table) {
    long files = (table.rows() + ROWS_PER_FILE - 1) / ROWS_PER_FILE;
    int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), files);
    return spark.range(0, table.rows(), 1, partitions).toDF();
  }

  private <T> T inJobGroup(String description, Supplier<T> action) {
    spark.sparkContext().setJobGroup(JOB_GROUP, description, false);
    try {
      return action.get();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }
}
