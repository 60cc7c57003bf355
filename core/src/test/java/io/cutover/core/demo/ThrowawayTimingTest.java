package io.cutover.core.demo;

import io.cutover.core.testing.SparkExtension;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkExtension.class)
class ThrowawayTimingTest {
    @Test
    void time(SparkSession spark) {
        Path dir = Path.of("/tmp/demo-timing/legacy");
        new DemoDataGenerator(spark, new DemoOptions(1000, 3, dir.toString())).run(); // JIT and Spark warm-up
        for (long rows : new long[] {1_000_000L, ROWS2}) {
            long t0 = System.nanoTime();
            GroundTruth t = new DemoDataGenerator(spark, new DemoOptions(rows, 20261128, dir.toString())).run();
            System.err.println("TIMING rows=" + rows + " ms=" + (System.nanoTime() - t0) / 1_000_000 + " " + t.defects().get(0));
        }
    }
    static final long ROWS2 = 10_000_000L;
}
