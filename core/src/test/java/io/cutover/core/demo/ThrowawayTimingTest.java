package io.cutover.core.demo;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkExtension.class)
class ThrowawayTimingTest {
    @Test
    void time(SparkSession spark) throws Exception {
        Path dir = Path.of("/tmp/demo-timing/legacy");
        new DemoDataGenerator(spark, new DemoOptions(1000, 3, dir.toString())).run(); // warm up
        long rows = Long.getLong("demo.rows", 1_000_000L);
        long t0 = System.nanoTime();
        GroundTruth t = new DemoDataGenerator(spark, new DemoOptions(rows, 20261128, dir.toString())).run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("TIMING rows=" + rows + " ms=" + ms);
        System.err.println(Files.readString(dir.resolve("ground-truth.json")));
        spark.read().parquet(dir.resolve("customers").toString()).show(15, false);
        spark.read().parquet(dir.resolve("customers").toString()).filter("first_name like '%Ã%' or email not like '%.%@%.%' or balance like '%,%' or signup_date in ('yesterday','31/02/2019')").show(12, false);
        spark.read().parquet(dir.resolve("orders").toString()).show(5, false);
    }
}
