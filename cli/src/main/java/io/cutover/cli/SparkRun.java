package io.cutover.cli;

import io.cutover.core.spark.SessionSettings;
import io.cutover.core.spark.SparkSessions;
import io.cutover.core.spec.MigrationSpec;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/** Starts the command's one Spark session, runs the job with it, and always stops it. */
final class SparkRun {
    private SparkRun() {
    }

    static <T> T with(String command, MigrationSpec spec, SparkOptions options, Function<SparkSession, T> job) {
        SessionSettings settings = SessionSettings.of(command + " " + spec.name(), options.master(), spec.sparkConf(), options.conf);
        SparkSession spark = SparkSessions.create(settings);
        try {
            return job.apply(spark);
        } finally {
            spark.stop();
        }
    }
}
