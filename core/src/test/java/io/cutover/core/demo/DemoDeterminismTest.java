package io.cutover.core.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class DemoDeterminismTest {
  private static final long ROWS = 2_000;

  @Test
  void sameSeedGivesTheSameDataAndOtherSeedsDoNot(SparkSession spark, @TempDir Path work) {
    String first = work.resolve("first").toString();
    String second = work.resolve("second").toString();

    GroundTruth a = new DemoDataGenerator(spark, new DemoOptions(ROWS, 7, first)).run();
    List<Row> aPrints = fingerprints(spark, first);
    GroundTruth b = new DemoDataGenerator(spark, new DemoOptions(ROWS, 7, second)).run();
    List<Row> bPrints = fingerprints(spark, second);
    GroundTruth c = new DemoDataGenerator(spark, new DemoOptions(ROWS, 8, second)).run();
    List<Row> cPrints = fingerprints(spark, second);

    assertThat(b).as("ground truth of the same seed").isEqualTo(a);
    assertThat(bPrints).as("data of the same seed").isEqualTo(aPrints);
    assertThat(c.defects()).as("defects of another seed").isNotEqualTo(a.defects());
    assertThat(cPrints.get(0)).as("customers of another seed").isNotEqualTo(aPrints.get(0));
    assertThat(cPrints.get(1)).as("orders of another seed").isNotEqualTo(aPrints.get(1));
  }

  @Test
  void overwritesAndLeavesNoStagingBehind(SparkSession spark, @TempDir Path work)
      throws IOException {
    Path legacy = work.resolve("legacy");
    new DemoDataGenerator(spark, new DemoOptions(ROWS, 1, legacy.toString())).run();
    GroundTruth second =
        new DemoDataGenerator(spark, new DemoOptions(ROWS + 100, 2, legacy.toString())).run();

    try (Stream<Path> entries = Files.list(legacy)) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")))
          .containsExactlyInAnyOrder("customers", "orders", "ground-truth.json");
    }
    assertThat(spark.read().parquet(legacy.resolve("customers").toString()).count())
        .isEqualTo(ROWS + 100);
    assertThat(GroundTruth.read(legacy.resolve("ground-truth.json"))).isEqualTo(second);
  }

  /** Row count and an order-independent hash sum per dataset. */
  private static List<Row> fingerprints(SparkSession spark, String dir) {
    return Stream.of("customers", "orders")
        .map(name -> fingerprint(spark.read().parquet(dir + "/" + name)))
        .toList();
  }

  private static Row fingerprint(Dataset<Row> data) {
    Column[] all = Arrays.stream(data.columns()).map(c -> col(c)).toArray(Column[]::new);
    return data.agg(count(lit(1)), sum(xxhash64(all).cast(new DecimalType(38, 0)))).first();
  }
}
