package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.rules.StageColumns;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import io.cutover.transform.RollbackCohortJob;
import io.cutover.transform.RollbackOptions;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cohort staged before stage wrote one table per source: its run record has no {@code tables}
 * column and there is no staged orders table. Status, reconcile and rollback, run with a spec that
 * now stages orders too, say so instead of failing.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OldRunRecordsTest {
  private SparkSession spark;
  private MigrationSpec spec;

  private static String spec(Path work, String ordersRules) {
    return """
        name = old-runs
        work-dir = "%s"
        sources {
          customers { format = parquet, path = "legacy/customers", key = [customer_id] }
          orders {
            format = parquet, path = "legacy/orders", key = [order_id]
            references = [{ column = customer_id, to = customers }]
          }
        }
        cohorts { source = customers, count = 1, seed = 7 }
        target { table = customers, path = staged }
        rules {
          customers = [ { type = trim, column = email } ]
          %s
        }
        """
        .formatted(work.toString().replace("\\", "/"), ordersRules);
  }

  @BeforeAll
  void stageTheOldWay(SparkSession spark, @TempDir Path work) throws Exception {
    this.spark = spark;
    spark
        .createDataFrame(
            List.of(RowFactory.create(1L, "ann@example.com"), RowFactory.create(2L, "bo@x.org")),
            new StructType()
                .add("customer_id", DataTypes.LongType)
                .add("email", DataTypes.StringType))
        .write()
        .parquet(work.resolve("legacy/customers").toString());
    spark
        .createDataFrame(
            List.of(RowFactory.create(10L, 1L, 5L)),
            new StructType()
                .add("order_id", DataTypes.LongType)
                .add("customer_id", DataTypes.LongType)
                .add("amount", DataTypes.LongType))
        .write()
        .parquet(work.resolve("legacy/orders").toString());
    Path then = work.resolve("then.conf");
    Files.writeString(then, spec(work, ""));
    MigrationSpec old = SpecLoader.load(then);
    new StageCohortJob(
            spark,
            old,
            new StageOptions("c00", StageOptions.Mode.WRITE, "old-run", Instant.now()),
            Progress.SILENT)
        .run();
    // The run record as stage wrote it before per-table staging: no tables column.
    String runs = old.target().runsPath();
    spark
        .read()
        .format("delta")
        .load(runs)
        .drop("tables")
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(runs);
    Path now = work.resolve("now.conf");
    Files.writeString(
        now, spec(work, "orders = [ { type = cast, column = amount, to = \"decimal(12,2)\" } ]"));
    spec = SpecLoader.load(now);
  }

  @Test
  @Order(1)
  void statusShowsTheCohortSourcesTable() {
    CohortStatus status = new StatusJob(spark, spec, List.of("c00"), Progress.SILENT).run().get(0);

    assertThat(status.state()).isEqualTo(CohortStatus.State.STAGED);
    assertThat(status.stagedRows()).isEqualTo(2);
    assertThat(status.stagedByTable())
        .as("a run recorded before per-table staging staged the customers only")
        .containsExactly(Map.entry("customers", 2L));
  }

  @Test
  @Order(2)
  void reconcileFailsNamingTheTableTheOldRunDidNotStage() {
    ReconcileResult r =
        new ReconcileCohortJob(spark, spec, ReconcileOptions.of("c00"), Progress.SILENT)
            .run()
            .only();

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reasons())
        .as("the orders table the old run never wrote, named, and what to do")
        .contains(
            "orders.rules: stage run old-run did not stage orders: stage the cohort again",
            "orders.conservation: there is no staged table "
                + spec.targetOf("orders").stagedPath()
                + ": stage the cohort again");
  }

  @Test
  @Order(3)
  void rollbackPutsTheCustomersBack() {
    new RollbackCohortJob(
            spark,
            spec,
            new RollbackOptions("c00", false, "rollback-1", Instant.now()),
            Progress.SILENT)
        .run();

    assertThat(
            spark
                .read()
                .format("delta")
                .load(spec.target().stagedPath())
                .filter(StageColumns.COHORT + " = 'c00'")
                .count())
        .isZero();
  }
}
