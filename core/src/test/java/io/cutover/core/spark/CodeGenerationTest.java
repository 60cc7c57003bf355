package io.cutover.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.SourceSpec;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Small inputs are interpreted, large or unmeasurable ones compiled, a user's choice kept. */
@ExtendWith(SparkExtension.class)
class CodeGenerationTest {

  private static SourceSpec files(String name, String format, Path path) {
    return new SourceSpec(
        name,
        format,
        Optional.of(path.toString()),
        Map.of(),
        List.of("id"),
        Set.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        "t.conf:1");
  }

  private static SourceSpec database() {
    return new SourceSpec(
        "db",
        "jdbc",
        Optional.empty(),
        Map.of("url", "jdbc:postgresql://127.0.0.1/x", "dbtable", "t"),
        List.of("id"),
        Set.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        "t.conf:2");
  }

  /** The data files, without Hadoop's hidden checksum files. */
  private static long bytesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .sum();
    }
  }

  @Test
  void theInputIsTheBytesOfTheSourcesFilesAndADatabaseIsUnknown(
      SparkSession spark, @TempDir Path dir) throws IOException {
    Path parquet = dir.resolve("customers");
    spark
        .range(500)
        .selectExpr("id", "concat('name ', id) AS name")
        .write()
        .parquet(parquet.toString());
    Path csv = dir.resolve("orders.csv");
    Files.writeString(csv, "id,amount\n1,2.50\n2,3.00\n");
    SourceSpec customers = files("customers", "parquet", parquet);
    SourceSpec orders = files("orders", "csv", csv);

    assertThat(CodeGeneration.inputBytes(spark, List.of(customers, orders)))
        .isEqualTo(bytesUnder(parquet) + Files.size(csv));
    assertThat(
            CodeGeneration.inputBytes(
                spark, List.of(files("later", "parquet", dir.resolve("none")))))
        .as("a path the demo has not written yet")
        .isZero();
    assertThat(CodeGeneration.inputBytes(spark, List.of(customers, database())))
        .isEqualTo(CodeGeneration.UNKNOWN);
  }

  @Test
  void smallInputsAreInterpretedAndLargeOrUnknownOnesCompiled() {
    assertThat(CodeGeneration.forInput(0).compiled()).isFalse();
    assertThat(CodeGeneration.forInput(CodeGeneration.COMPILE_FROM - 1).compiled()).isFalse();
    assertThat(CodeGeneration.forInput(CodeGeneration.COMPILE_FROM).compiled()).isTrue();
    assertThat(CodeGeneration.forInput(CodeGeneration.UNKNOWN).compiled()).isTrue();
  }

  @Test
  void theChoiceIsSetOnTheSessionAndQueriesRunEitherWay(SparkSession spark) {
    SparkSession session = spark.cloneSession();
    SparkConf nothingGiven = new SparkConf(false);

    CodeGeneration.forInput(1).applyTo(nothingGiven, session.conf());
    assertThat(session.conf().get(CodeGeneration.WHOLE_STAGE)).isEqualTo("false");
    assertThat(session.conf().get(CodeGeneration.FACTORY_MODE)).isEqualTo("NO_CODEGEN");
    assertThat(session.range(10).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(90);

    CodeGeneration.forInput(CodeGeneration.UNKNOWN).applyTo(nothingGiven, session.conf());
    assertThat(session.conf().get(CodeGeneration.WHOLE_STAGE)).isEqualTo("true");
    assertThat(session.conf().get(CodeGeneration.FACTORY_MODE)).isEqualTo("FALLBACK");
    assertThat(session.range(10).selectExpr("sum(id * 2)").first().getLong(0)).isEqualTo(90);
  }

  @Test
  void aChoiceTheUserMadeIsKept(SparkSession spark) {
    SparkSession session = spark.cloneSession();
    SparkConf given = new SparkConf(false).set(CodeGeneration.WHOLE_STAGE, "false");

    CodeGeneration.forInput(CodeGeneration.UNKNOWN).applyTo(given, session.conf());

    assertThat(session.conf().get(CodeGeneration.WHOLE_STAGE))
        .as("the test session's own setting, untouched")
        .isEqualTo(spark.conf().get(CodeGeneration.WHOLE_STAGE));
    assertThat(CodeGeneration.chosenByUser(new SparkConf(false))).isFalse();
    assertThat(CodeGeneration.chosenByUser(given)).isTrue();
  }
}
