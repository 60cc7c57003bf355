package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The separator finding sees both conventions in one column and offers a cast only after trying it
 * on the column.
 */
@ExtendWith(SparkExtension.class)
class SeparatorAdviceTest {
  private final SparkSession spark;
  @TempDir Path dir;

  SeparatorAdviceTest(SparkSession spark) {
    this.spark = spark;
  }

  private void write(String name, String... amounts) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      rows.add(RowFactory.create((long) i, amounts[i]));
    }
    spark
        .createDataFrame(
            rows,
            new StructType().add("id", DataTypes.LongType).add("amount", DataTypes.StringType))
        .write()
        .parquet(dir.resolve(name).toString());
  }

  private static Finding separators(AuditResult result, String dataset) {
    List<Finding> found =
        result.findings().stream()
            .filter(f -> f.dataset().equals(dataset) && f.type().equals("thousands-separator"))
            .toList();
    assertThat(found).as("findings: " + result.findings()).hasSize(1);
    return found.get(0);
  }

  /** Three columns audited in one run (an audit costs seconds even on tiny tables). */
  @Test
  void theSuggestedCastReadsEachConventionItSeesOrTheFindingSaysWhatACastNeeds()
      throws IOException {
    write(
        "mixed",
        "15.526,66",
        "1,234.50",
        "12.50",
        "7",
        "250.75",
        "3.456.789,01",
        "2,000.00",
        "99",
        "12,5",
        "0.5",
        "abc",
        "40");
    write(
        "comma",
        "1,234.50",
        "2,000.125",
        "12",
        "7.5",
        "1,000,000.00",
        "3",
        "4",
        "5",
        "6",
        "8",
        "9",
        "10");
    write(
        "ambiguous",
        "15.526,66",
        "1,234.50",
        "1.234",
        "7",
        "250.75",
        "3.456.789,01",
        "2,000.00",
        "99",
        "12",
        "0.5",
        "11",
        "40");
    Path file = dir.resolve("t.conf");
    Files.writeString(
        file,
        "name = t\nwork-dir = \""
            + dir
            + "\"\nsources {\n"
            + String.join(
                "\n",
                List.of("mixed", "comma", "ambiguous").stream()
                    .map(n -> n + " { format = parquet, path = " + n + ", key = [id] }")
                    .toList())
            + "\n}\ncohorts { source = mixed }\ntarget { table = t, path = staged }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    AuditResult result =
        new AuditJob(
                spark,
                spec,
                new AuditOptions(List.of(), "t", Instant.parse("2026-12-07T00:00:00Z")),
                Progress.SILENT)
            .run();

    Finding mixed = separators(result, "mixed");
    assertThat(mixed.evidence().get("rows"))
        .as("values with separators: 15.526,66 1,234.50 3.456.789,01 2,000.00 12,5")
        .isEqualTo(5L);
    assertThat(mixed.suggestedRule())
        .as("both conventions, each read correctly")
        .isEqualTo(
            "{ type = \"cast\", column = \"amount\", to = \"decimal(18,2)\", separators = "
                + "[{\"decimal\":\".\",\"grouping\":\",\"},{\"decimal\":\",\",\"grouping\":\".\"}], on-fail = \"quarantine\" }");
    assertThat(mixed.evidence())
        .containsEntry("dry_run_quarantined", 1L)
        .containsEntry("dry_run_changed", 0L);
    assertThat(mixed.message())
        .contains(
            "the suggested rule was tried on the column: it quarantines 1 values and keeps every other value's digits");

    Finding comma = separators(result, "comma");
    assertThat(comma.suggestedRule())
        .as("one convention only, and a scale that keeps 2,000.125")
        .isEqualTo(
            "{ type = \"cast\", column = \"amount\", to = \"decimal(18,3)\", separators = "
                + "[{\"decimal\":\".\",\"grouping\":\",\"}], on-fail = \"quarantine\" }");
    assertThat(comma.evidence()).containsEntry("dry_run_quarantined", 0L);

    Finding ambiguous = separators(result, "ambiguous");
    assertThat(ambiguous.suggestedRule())
        .startsWith(
            "# amount: 1 values (e.g. '1.234') read as different numbers under grouping ',' with decimal '.' and grouping '.' with decimal ','")
        .contains("would quarantine them as ambiguous");
    assertThat(ambiguous.evidence())
        .containsEntry("dry_run_quarantined", 1L)
        .containsEntry("dry_run_ambiguous", 1L);
  }
}
