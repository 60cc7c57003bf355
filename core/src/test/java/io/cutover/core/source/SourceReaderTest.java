package io.cutover.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.testing.SparkExtension;
import io.cutover.core.testing.TestSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
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
class SourceReaderTest {
  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String MARIA_URL = "jdbc:mariadb://127.0.0.1:3306/test";

  private final SparkSession spark;
  @TempDir Path dir;

  SourceReaderTest(SparkSession spark) {
    this.spark = spark;
  }

  private MigrationSpec spec(String sources) throws IOException {
    return TestSpecs.load(dir, sources, "", Map.of("PG_PASSWORD", "unused-but-secret"));
  }

  private static void sql(String url, String user, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  @Test
  void readsAPostgresTableOverJdbc() throws Exception {
    sql(
        PG_URL,
        "postgres",
        "DROP TABLE IF EXISTS cutover_reader_people",
        "CREATE TABLE cutover_reader_people (id int primary key, email text, signup text)",
        "INSERT INTO cutover_reader_people VALUES (1, 'ana@example.com', '2020-01-01'), (2, 'bob@', 'yesterday')");
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "%s", dbtable = cutover_reader_people, user = postgres, password = ${?PG_PASSWORD} }
                  key = [id]
                  pii = [email]
                }"""
                .formatted(PG_URL));

    Dataset<Row> people = new SourceReader(spark).read(spec.source("people"));

    assertThat(people.columns()).containsExactly("id", "email", "signup");
    assertThat(people.orderBy("id").collectAsList())
        .extracting(r -> r.getString(1))
        .containsExactly("ana@example.com", "bob@");
  }

  @Test
  void readsAMariaDbTableOverJdbc() throws Exception {
    sql(
        MARIA_URL,
        "root",
        "DROP TABLE IF EXISTS cutover_reader_people",
        "CREATE TABLE cutover_reader_people (id int primary key, name varchar(40))",
        "INSERT INTO cutover_reader_people VALUES (1, 'José'), (2, 'Zoë'), (3, 'Łukasz')");
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "%s", dbtable = cutover_reader_people, user = root }
                  key = [id]
                }"""
                .formatted(MARIA_URL));

    Dataset<Row> people = new SourceReader(spark).read(spec.source("people"));

    assertThat(people.count()).isEqualTo(3);
    assertThat(people.orderBy("id").collectAsList())
        .extracting(r -> r.getString(1))
        .containsExactly("José", "Zoë", "Łukasz");
  }

  @Test
  void readsParquetFromAPathUnderTheWorkDir() throws IOException {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("email", DataTypes.StringType);
    spark
        .createDataFrame(List.of(RowFactory.create(1L, "a@b.co")), schema)
        .write()
        .parquet(dir.resolve("legacy/people").toString());
    MigrationSpec spec =
        spec("people { format = parquet, path = legacy/people, key = [id], pii = [email] }");

    assertThat(new SourceReader(spark).read(spec.source("people")).count()).isEqualTo(1);
  }

  @Test
  void aMissingPathIsARuntimeFailureNamingTheSourceAndItsLine() throws IOException {
    MigrationSpec spec = spec("people { format = parquet, path = legacy/nowhere, key = [id] }");

    assertThatThrownBy(() -> new SourceReader(spark).read(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith(
            dir.resolve("spec.conf")
                + ":4: cannot read source 'people' (parquet at "
                + dir.resolve("legacy/nowhere")
                + "): ")
        .hasMessageContaining("Path does not exist: file:" + dir.resolve("legacy/nowhere"))
        .satisfies(
            e -> assertThat(((CutoverException) e).kind()).isEqualTo(CutoverException.Kind.RUNTIME))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("demo"));
    assertThatThrownBy(() -> new SourceReader(spark).schema(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageContaining("Path does not exist");
  }

  @Test
  void anUnknownTableIsNamedWithTheDatabasesOwnWords() throws IOException {
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "%s", dbtable = public.cutover_no_such_table, user = postgres }
                  key = [id]
                }"""
                .formatted(PG_URL));

    assertThatThrownBy(() -> new SourceReader(spark).schema(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith(
            dir.resolve("spec.conf")
                + ":4: cannot read source 'people' ("
                + PG_URL
                + ", public.cutover_no_such_table): ")
        .hasMessageContaining("relation \"public.cutover_no_such_table\" does not exist");
  }

  @Test
  void wrongCredentialsAreNamedWithoutThePassword() throws IOException {
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "%s", dbtable = cutover_reader_people, user = cutover_nobody, password = ${?PG_PASSWORD} }
                  key = [id]
                }"""
                .formatted(MARIA_URL));

    assertThatThrownBy(() -> new SourceReader(spark).schema(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageContaining(
            ":4: cannot read source 'people' (" + MARIA_URL + ", cutover_reader_people): ")
        .hasMessageContaining("Access denied for user 'cutover_nobody'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("unused-but-secret"));
  }

  @Test
  void aPasswordInTheUrlOrOptionsIsNeverShown() throws IOException {
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "jdbc:mariadb://cutover:hunter22@127.0.0.1:1/none?password=hunter33", dbtable = t, password = ${?PG_PASSWORD} }
                  key = [id]
                }""");

    assertThatThrownBy(() -> new SourceReader(spark).read(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageContaining("jdbc:mariadb://cutover:*****@127.0.0.1:1/none?password=*****, t")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("hunter22", "hunter33", "unused-but-secret"));
  }

  @Test
  void aColumnNamedInTheSpecThatDoesNotExistIsNamedWithTheColumnsThatDo() throws IOException {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("email", DataTypes.StringType);
    spark
        .createDataFrame(List.of(RowFactory.create(1L, "a@b.co")), schema)
        .write()
        .parquet(dir.resolve("legacy/p2").toString());
    MigrationSpec spec =
        spec("people { format = parquet, path = legacy/p2, key = [id], pii = [e_mail] }");

    assertThatThrownBy(() -> new SourceReader(spark).read(spec.source("people")))
        .hasMessage(
            dir.resolve("spec.conf")
                + ":4: source 'people' has no column 'e_mail' named in the spec; its columns are: id, email. Fix the column name in the spec.");
  }

  @Test
  void anUnreachableDatabaseFailsWithoutShowingThePassword() throws IOException {
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "jdbc:postgresql://127.0.0.1:1/none", dbtable = t, user = u, password = ${?PG_PASSWORD} }
                  key = [id]
                }""");

    assertThatThrownBy(() -> new SourceReader(spark).read(spec.source("people")))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageContaining(
            dir.resolve("spec.conf")
                + ":4: cannot read source 'people' (jdbc:postgresql://127.0.0.1:1/none, t): ")
        .hasMessageContaining("Connection refused")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("unused-but-secret"));
  }

  @Test
  void theDriverIsNamedForSparkFromTheUrlOrTheSourceIsRefused() throws IOException {
    // Under spark-submit, DriverManager does not see drivers inside the application jar: Spark must
    // be told the class.
    assertThat(JdbcDrivers.classFor("jdbc:postgresql://127.0.0.1:5432/x"))
        .contains("org.postgresql.Driver");
    assertThat(JdbcDrivers.classFor("jdbc:mariadb://127.0.0.1:3306/x"))
        .contains("org.mariadb.jdbc.Driver");
    MigrationSpec spec =
        spec(
            """
                people {
                  format = jdbc
                  options { url = "jdbc:nosuchdb://127.0.0.1/x", dbtable = t, user = u }
                  key = [id]
                }""");

    assertThatThrownBy(() -> new SourceReader(spark).read(spec.source("people")))
        .isInstanceOf(CutoverException.class)
        .hasMessageContaining(
            ":4: cannot read source 'people' (jdbc:nosuchdb://127.0.0.1/x, t): no JDBC driver on the classpath accepts this URL")
        .hasMessageContaining("set options.driver in the spec");
  }
}
