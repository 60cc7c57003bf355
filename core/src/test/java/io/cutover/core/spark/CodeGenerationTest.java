package io.cutover.core.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.SourceSpec;
import io.cutover.core.testing.LegacyDatabases;
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

  private static SourceSpec database(Map<String, String> options, Optional<String> schema) {
    return new SourceSpec(
        "db",
        "jdbc",
        Optional.empty(),
        options,
        List.of("id"),
        Set.of(),
        Optional.empty(),
        List.of(),
        schema,
        List.of(),
        "t.conf:2");
  }

  private static long number(String url, String sql) {
    return Long.parseLong(LegacyDatabases.column(url, sql).get(0));
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
    SourceSpec query =
        database(
            Map.of("url", LegacyDatabases.POSTGRES + "postgres", "query", "SELECT 1 AS id"),
            Optional.empty());
    assertThat(CodeGeneration.inputBytes(spark, List.of(customers, query)))
        .as("a query's size is not known")
        .isEqualTo(CodeGeneration.UNKNOWN);
  }

  @Test
  void aDatabaseSizesItsTablesFromItsCatalog(SparkSession spark) {
    String db = "cutover_codegen";
    LegacyDatabases.freshPostgres(db);
    LegacyDatabases.postgres(
        db,
        "CREATE TABLE customers (id int PRIMARY KEY, name text)",
        "INSERT INTO customers SELECT g, repeat('x', 100) FROM generate_series(1, 2000) g",
        "CREATE TABLE payments (id int, paid date) PARTITION BY RANGE (paid)",
        "CREATE TABLE payments_a PARTITION OF payments FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')",
        "CREATE TABLE payments_b PARTITION OF payments FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')",
        "INSERT INTO payments SELECT g, date '2020-01-01' + g FROM generate_series(1, 700) g");
    String url = LegacyDatabases.POSTGRES + db + "?user=postgres";
    Map<String, String> pg = Map.of("url", url, "user", "postgres");
    long customers = number(url, "SELECT pg_table_size('customers')");
    long payments = number(url, "SELECT pg_table_size('payments_a') + pg_table_size('payments_b')");
    assertThat(customers).isPositive();
    assertThat(payments).isPositive();

    SourceSpec table = database(merged(pg, "dbtable", "customers"), Optional.empty());
    SourceSpec partitioned = database(merged(pg, "dbtable", "public.payments"), Optional.empty());
    SourceSpec schema = database(pg, Optional.of("public"));
    assertThat(CodeGeneration.inputBytes(spark, List.of(table))).isEqualTo(customers);
    assertThat(CodeGeneration.inputBytes(spark, List.of(partitioned)))
        .as("a partitioned table is its partitions")
        .isEqualTo(payments);
    assertThat(CodeGeneration.inputBytes(spark, List.of(schema))).isEqualTo(customers + payments);

    LegacyDatabases.freshMariadb(db);
    LegacyDatabases.mariadb(
        db,
        "CREATE TABLE customers (id int PRIMARY KEY, name varchar(200))",
        "INSERT INTO customers SELECT seq, repeat('x', 100) FROM seq_1_to_2000",
        "ANALYZE TABLE customers");
    String maria = LegacyDatabases.MARIADB + db + "?user=root";
    long stored =
        number(
            maria,
            "SELECT data_length FROM information_schema.tables WHERE table_schema = '"
                + db
                + "' AND table_name = 'customers'");
    assertThat(stored).isPositive();
    SourceSpec mariaTable =
        database(
            Map.of("url", LegacyDatabases.MARIADB + db, "user", "root", "dbtable", "customers"),
            Optional.empty());
    assertThat(CodeGeneration.inputBytes(spark, List.of(mariaTable))).isEqualTo(stored);
    assertThat(CodeGeneration.forInput(stored).compiled()).isFalse();
  }

  private static Map<String, String> merged(Map<String, String> options, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(options);
    all.put(key, value);
    return all;
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
