package io.cutover.core.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class AppendOnlyTableTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("cohort", DataTypes.StringType, false);

  @Test
  void writersThatCreateTheSameTableAtOnceAllLandTheirRows(SparkSession spark, @TempDir Path dir) {
    // Four tables, each first written by three runs at once: without creating first, Delta lets one
    // of them through.
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int table = 0; table < 4; table++) {
      String path = dir.resolve("t" + table).toString();
      for (int run = 0; run < 3; run++) {
        Dataset<Row> rows =
            spark.createDataFrame(List.of(RowFactory.create("run-" + run, "c0" + run)), SCHEMA);
        writes.add(CompletableFuture.runAsync(() -> AppendOnlyTable.append(rows, path, "cohort")));
      }
    }
    writes.forEach(CompletableFuture::join);

    for (int table = 0; table < 4; table++) {
      Dataset<Row> t = spark.read().format("delta").load(dir.resolve("t" + table).toString());
      assertThat(t.selectExpr("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
          .as("table t" + table)
          .containsExactlyInAnyOrder("run-0", "run-1", "run-2");
    }
  }

  @Test
  void anEmptySetMakesTheTableButNoCommitUnlessItBringsANewColumn(
      SparkSession spark, @TempDir Path dir) {
    String path = dir.resolve("quarantine").toString();
    Dataset<Row> none = spark.createDataFrame(List.<Row>of(), SCHEMA);

    AppendOnlyTable.append(none, 0, path, "cohort");
    long created = version(spark, path);
    AppendOnlyTable.append(none, 0, path, "cohort");
    assertThat(version(spark, path)).as("no commit for nothing").isEqualTo(created);
    assertThat(spark.read().format("delta").load(path).count()).isZero();

    Dataset<Row> one = spark.createDataFrame(List.of(RowFactory.create("run-1", "c01")), SCHEMA);
    AppendOnlyTable.append(one, 1, path, "cohort");
    assertThat(version(spark, path)).isEqualTo(created + 1);

    StructType wider = SCHEMA.add("source_hash", DataTypes.LongType, true);
    AppendOnlyTable.append(spark.createDataFrame(List.<Row>of(), wider), 0, path, "cohort");
    assertThat(spark.read().format("delta").load(path).columns())
        .as("a column this version adds joins the table, rows or not")
        .contains("source_hash");
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(1);
  }

  private static long version(SparkSession spark, String path) {
    return io.delta.tables.DeltaTable.forPath(spark, path)
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }
}
