package io.cutover.core.spark;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Wide rule and profile plans generate Java methods past 8000 bytes of bytecode, which HotSpot's JIT leaves
 * interpreted, several times slower, unless the JVM runs with {@code -XX:-DontCompileHugeMethods}. Two answers:
 * tell Spark to fall back from whole-stage code generation at the JIT's limit, so each operator's smaller methods
 * are compiled instead ({@link #fitTheJit}, every job); or keep whole-stage code generation and have the JIT compile
 * the huge methods, which the launcher's flag allows ({@link #keepWholeStage}, stage only). Measured at 1M rows,
 * two runs each: stage 41.7 -> 35.8 task CPU s with the second; reconcile no change, the audit no better (bench/README.md).
 */
public final class HugeMethods {
    static final String LIMIT = "spark.sql.codegen.hugeMethodLimit";
    private static final String SPARK_DEFAULT = "65535";

    private HugeMethods() {
    }

    /** Spark falls back from whole-stage code generation where a generated method would pass the JIT's limit. */
    public static void fitTheJit(SparkSession session) {
        session.conf().set(LIMIT, "8000");
    }

    /**
     * Whole-stage code generation kept at any size when this JVM compiles huge methods; {@link #fitTheJit} otherwise.
     * The driver's flag decides for the executors too: the launcher starts them with the same options.
     */
    public static void keepWholeStage(SparkSession session) {
        if (compiledHere()) {
            session.conf().set(LIMIT, SPARK_DEFAULT);
        } else {
            fitTheJit(session);
        }
    }

    /** Whether this JVM's JIT compiles methods past 8000 bytes ({@code -XX:-DontCompileHugeMethods}). */
    static boolean compiledHere() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null && "false".equals(hotSpot.getVMOption("DontCompileHugeMethods").getValue());
        } catch (IllegalArgumentException notHotSpot) {
            return false;
        }
    }
}
