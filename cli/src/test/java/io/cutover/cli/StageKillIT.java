package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.DemoData;
import io.cutover.core.testing.SparkExtension;
import io.cutover.transform.StageCohortJob;
import io.cutover.transform.StageOptions;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomicity: a stage killed (SIGKILL) while it writes the staged table leaves the table as it was;
 * the next run succeeds. Only the killed stage needs a JVM of its own (the launcher's); the stages
 * before and after it run in this one. The data is the small shared demo (3,000 customers, all in
 * one cohort); the killed stage writes at most {@link #ROWS_PER_FILE} rows per file, so that its
 * write lasts seconds (hundreds of files) and the kill lands in it without a large dataset.
 */
@Tag("slow")
@ExtendWith(SparkExtension.class)
class StageKillIT {
  private static final Path ROOT =
      Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();

  private static final int ROWS_PER_FILE = 5;

  @Test
  void aStageKilledDuringItsWriteLeavesTheStagedTableAsItWas(SparkSession spark, @TempDir Path work)
      throws Exception {
    DemoData demo = DemoData.of(spark, 3000, 11);
    Path spec = work.resolve("one-cohort.conf");
    Files.writeString(spec, demo.specText(1));
    List<String> stage =
        List.of(
            ROOT.resolve("submit/cutover").toString(),
            "stage",
            "--spec",
            spec.toString(),
            "--work-dir",
            work.toString(),
            "--cohort",
            "c00",
            "--conf",
            "spark.sql.files.maxRecordsPerFile=" + ROWS_PER_FILE);

    assertThat(stageInProcess(spark, spec, work)).as("first stage, conserved").isTrue();
    String table = work.resolve("staged/customers").toString();
    long version = DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
    long rows = spark.read().format("delta").load(table).count();
    Set<Path> committed = dataFiles(work);

    Process second = run(stage);
    boolean killedMidWrite = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (second.isAlive() && System.nanoTime() < deadline) {
      if (!dataFiles(work).stream().filter(f -> !committed.contains(f)).toList().isEmpty()) {
        second.destroyForcibly().waitFor();
        killedMidWrite = true;
        break;
      }
      Thread.sleep(10);
    }
    assertThat(killedMidWrite).as("the second stage was killed while it wrote data files").isTrue();

    assertThat(DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0))
        .as("no new commit")
        .isEqualTo(version);
    assertThat(spark.read().format("delta").load(table).count())
        .as("the same rows")
        .isEqualTo(rows);

    assertThat(stageInProcess(spark, spec, work)).as("the next stage succeeds, conserved").isTrue();
    assertThat(DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0))
        .isGreaterThan(version);
    assertThat(spark.read().format("delta").load(table).count())
        .as("staged again, no duplicates")
        .isEqualTo(rows);
  }

  private static boolean stageInProcess(SparkSession spark, Path spec, Path work) {
    return new StageCohortJob(
            spark,
            SpecLoader.load(spec, Map.of(), Map.of("work-dir", work.toString())),
            StageOptions.of("c00", StageOptions.Mode.WRITE),
            Progress.SILENT)
        .run()
        .conserved();
  }

  private static Process run(List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("cutover-stage", ".log").toFile());
    // A JVM living seconds on tiny data: the quick JIT alone costs less CPU (as in ClusterIT).
    builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
    return builder.start();
  }

  private static Set<Path> dataFiles(Path work) throws IOException {
    Path partition = work.resolve("staged/customers/cutover_cohort=c00");
    if (!Files.isDirectory(partition)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(partition)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .collect(Collectors.toSet());
    }
  }
}
