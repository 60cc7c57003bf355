package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * Columns that are not text, numbers, dates or booleans: each is profiled by what it has (sizes,
 * lengths, parseability) or named as skipped, and a dataset whose audit fails is reported as failed
 * beside the others.
 */
@ExtendWith(SparkExtension.class)
class ColumnTypesAuditTest {

  private final SparkSession spark;
  @TempDir Path dir;

  ColumnTypesAuditTest(SparkSession spark) {
    this.spark = spark;
  }

  private static scala.collection.Seq<Object> array(Object... values) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(Arrays.asList(values))).toSeq();
  }

  private static scala.collection.Map<Object, Object> map(Object... pairs) {
    Map<Object, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return JavaConverters.mapAsScalaMap(m);
  }

  /** Twelve rows; what each column holds is spelled out where the test asserts it. */
  private Dataset<Row> things() {
    StructType address =
        new StructType().add("city", DataTypes.StringType).add("zip", DataTypes.StringType);
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("scores", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
            .add("address", address)
            .add("logo", DataTypes.BinaryType)
            .add("photo", DataTypes.BinaryType)
            .add("wait", DataTypes.createDayTimeIntervalType())
            .add("doc", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Object tags =
          switch (i % 4) {
            case 0 -> array();
            case 1 -> array("a");
            case 2 -> array("a", "b", "c");
            default -> null;
          };
      Object scores = i < 2 ? array(1, null, 3) : i == 2 ? array((Object) null) : array(i);
      Object attrs = i == 0 ? map() : i == 1 ? map("k", null) : i == 2 ? null : map("k", i, "j", 1);
      Row where = i == 0 ? null : RowFactory.create("city " + i, "zip " + i);
      byte[] photo = i == 5 ? null : new byte[i % 3 + 1];
      if (photo != null) {
        photo[0] = (byte) i;
      }
      String doc =
          i == 3 ? "{\"a\": 1" : i == 7 ? "oops" : i % 2 == 0 ? "{\"id\": " + i + "}" : "[1, 2]";
      rows.add(
          RowFactory.create(
              i,
              tags,
              scores,
              attrs,
              where,
              new byte[] {1, 2, 3},
              photo,
              i == 0 ? null : Duration.ofHours(i),
              doc));
    }
    // An old-style interval (CalendarIntervalType) has no external form to build rows with: made by
    // SQL.
    return spark
        .createDataFrame(rows, schema)
        .withColumn(
            "span",
            functions.expr(
                "CASE WHEN id = 0 THEN NULL ELSE make_interval(0, 0, 0, id, 0, 0, 0) END"));
  }

  private static Finding only(List<Finding> findings, String column, String type) {
    List<Finding> found =
        findings.stream().filter(f -> f.column().equals(column) && f.type().equals(type)).toList();
    assertThat(found).as(type + " on " + column + " in " + findings).hasSize(1);
    return found.get(0);
  }

  @Test
  void everyColumnTypeIsProfiledByWhatItHasOrNamedAsSkipped() throws Exception {
    Path file = dir.resolve("audit.conf");
    Files.writeString(
        file,
        "name = t\nwork-dir = \""
            + dir
            + "\"\nsources { things { format = parquet, path = unused, key = [id] } }\n"
            + "cohorts { source = things }\ntarget { table = people, path = staged }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    // The frame audited as it is: an old-style interval cannot be written to a file for the audit
    // to read.
    DatasetAudit.Outcome outcome =
        new DatasetAudit(
                spec.sources().get("things"),
                things(),
                spec.audit(),
                LocalDate.of(2026, 11, 28),
                Progress.SILENT,
                Map.of())
            .run();

    assertThat(outcome.failure()).as("the audit ran to the end").isNull();
    List<Finding> findings = outcome.findings();
    assertThat(outcome.profile().rows()).isEqualTo(12);

    // tags: [] on 3 rows, [a] on 3, [a,b,c] on 3, null on 3.
    Finding tags = only(findings, "tags", "array-column");
    assertThat(tags.category()).isEqualTo(Category.TYPE);
    assertThat(tags.evidence())
        .containsEntry("spark_type", "array<string>")
        .containsEntry("non_null", 9L)
        .containsEntry("min_size", 0L)
        .containsEntry("max_size", 3L)
        .containsEntry("mean_size", 1.333)
        .containsEntry("empty", 3L)
        .containsEntry("with_null_element", 0L);
    assertThat(tags.message())
        .startsWith(
            "array<string>: 9 of 12 rows hold a value; sizes 0 to 3 (mean 1.333), 3 empty, 0 with a null element");
    // scores: [1,null,3] twice, [null] once, [i] on the other 9.
    assertThat(only(findings, "scores", "array-column").evidence())
        .containsEntry("non_null", 12L)
        .containsEntry("min_size", 1L)
        .containsEntry("max_size", 3L)
        .containsEntry("empty", 0L)
        .containsEntry("with_null_element", 3L);
    // attrs: {} once, {k:null} once, null once, {k:i, j:1} on the other 9.
    Finding attrs = only(findings, "attrs", "map-column");
    assertThat(attrs.evidence())
        .containsEntry("spark_type", "map<string,int>")
        .containsEntry("non_null", 11L)
        .containsEntry("min_size", 0L)
        .containsEntry("max_size", 2L)
        .containsEntry("empty", 1L)
        .containsEntry("with_null_element", 1L);
    assertThat(attrs.message()).contains("1 with a null value");
    Finding address = only(findings, "address", "struct-column");
    assertThat(address.message())
        .startsWith(
            "struct<city:string,zip:string> with 2 fields: only its nulls are profiled (11 of 12 rows hold a value)");
    // logo: the same three bytes on every row, a zombie; photo: 1 to 3 bytes, null once.
    assertThat(only(findings, "logo", "binary-column").evidence())
        .containsEntry("min_length", 3L)
        .containsEntry("max_length", 3L);
    Finding logo = only(findings, "logo", "constant");
    assertThat(logo.category()).isEqualTo(Category.ZOMBIE);
    assertThat(logo.examples())
        .as("bytes shown as hex")
        .containsExactly("0x010203", "0x010203", "0x010203");
    assertThat(only(findings, "photo", "binary-column").evidence())
        .containsEntry("non_null", 11L)
        .containsEntry("min_length", 1L)
        .containsEntry("max_length", 3L);
    assertThat(findings)
        .as("varying bytes are not constant")
        .noneMatch(f -> f.column().equals("photo") && f.category() == Category.ZOMBIE);
    assertThat(only(findings, "wait", "interval-column").message())
        .startsWith(
            "interval day to second: only its nulls are profiled (11 of 12 rows hold a value)");
    assertThat(only(findings, "span", "interval-column").evidence())
        .containsEntry("spark_type", "interval")
        .containsEntry("non_null", 11L);
    // doc: JSON on 10 rows, '{"a": 1' and 'oops' do not parse.
    assertThat(only(findings, "doc", "json-text").evidence()).containsEntry("unparseable", 2L);
    Finding invalid = only(findings, "doc", "invalid-json");
    assertThat(invalid.message()).isEqualTo("2 of 12 values do not parse as JSON");
    assertThat(invalid.examples()).containsExactlyInAnyOrder("{\"a\": 1", "oops");
    assertThat(findings).as("no metric failed").noneMatch(f -> f.type().equals("metric-failed"));
    assertThat(findings)
        .as("nothing but the doc's JSON is reported as corrupt")
        .filteredOn(f -> f.category() == Category.CORRUPT)
        .extracting(Finding::type)
        .containsExactly("invalid-json");
    assertThat(findings)
        .as("no type finding for the plain id")
        .noneMatch(f -> f.column().equals("id"));
  }

  /**
   * Two parquet files of one legacy export disagree on a column's type (an int in one, text in the
   * other): reading that column fails in the scan. The dataset is reported as failed, naming the
   * column; the other dataset is audited.
   */
  @Test
  void aDatasetWhoseAuditFailsIsReportedWithItsColumnWhileTheOthersAreAudited() throws Exception {
    StructType asInt =
        new StructType().add("id", DataTypes.IntegerType).add("amount", DataTypes.IntegerType);
    StructType asText =
        new StructType().add("id", DataTypes.IntegerType).add("amount", DataTypes.StringType);
    Path orders = dir.resolve("orders");
    spark
        .createDataFrame(List.of(RowFactory.create(1, 10), RowFactory.create(2, 20)), asInt)
        .coalesce(1)
        .write()
        .parquet(orders.resolve("a").toString());
    spark
        .createDataFrame(List.of(RowFactory.create(3, "30"), RowFactory.create(4, "n/a")), asText)
        .coalesce(1)
        .write()
        .parquet(orders.resolve("b").toString());
    Path customers = dir.resolve("customers");
    StructType people =
        new StructType().add("id", DataTypes.IntegerType).add("fax", DataTypes.StringType);
    spark
        .createDataFrame(List.of(RowFactory.create(1, null), RowFactory.create(2, null)), people)
        .write()
        .parquet(customers.toString());
    Path file = dir.resolve("audit.conf");
    Files.writeString(
        file,
        """
                name = t
                work-dir = "%s"
                sources {
                  orders { format = parquet, path = "%s", options { recursiveFileLookup = "true" } }
                  customers { format = parquet, path = "%s", key = [id] }
                }
                cohorts { source = customers }
                target { table = people, path = staged }
                """
            .formatted(dir, orders, customers));
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());

    AuditResult result =
        new AuditJob(
                spark,
                spec,
                new AuditOptions(List.of(), "t", Instant.parse("2026-11-28T12:00:00Z")),
                Progress.SILENT)
            .run();

    assertThat(result.failed()).hasSize(1);
    FailedDataset failed = result.failed().get(0);
    assertThat(failed.dataset()).isEqualTo("orders");
    assertThat(failed.column()).as("the column whose values cannot be read").isEqualTo("amount");
    assertThat(failed.describe())
        .startsWith("Cannot audit dataset 'orders': column 'amount' (int) failed while ")
        .contains(": SparkException: Parquet column cannot be converted in file ")
        .contains("Column: [amount], Expected: int, Found: BINARY");
    assertThat(result.datasets()).extracting(DatasetProfile::name).containsExactly("customers");
    assertThat(only(result.findings(), "fax", "all-null").dataset())
        .as("the other dataset's findings are all there")
        .isEqualTo("customers");
    assertThat(AuditJsonWriter.render(result))
        .contains("\"failed\"")
        .contains("\"dataset\" : \"orders\"")
        .contains("\"column\" : \"amount\"");
    assertThat(AuditHtmlWriter.render(result))
        .contains("Datasets not audited")
        .contains("<code>orders</code>");
  }
}
