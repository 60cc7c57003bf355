package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit says where a CSV file's unparseable lines are (file and physical line) and shows them
 * masked.
 */
@ExtendWith(SparkExtension.class)
class UnparseableLinesTest {
  private final SparkSession spark;
  @TempDir Path dir;

  UnparseableLinesTest(SparkSession spark) {
    this.spark = spark;
  }

  private MigrationSpec spec(String path) throws IOException {
    return AuditSpecs.spec(
        dir,
        "people { format = csv, path = \"" + path + "\", options { header = true }, key = [id] }",
        "");
  }

  private AuditResult audit(String path) throws IOException {
    return AuditSpecs.audit(spark, spec(path));
  }

  private static Finding unparseable(AuditResult result) {
    List<Finding> found =
        result.findings().stream().filter(f -> f.type().equals("unparseable-lines")).toList();
    assertThat(found).as("one unparseable-lines finding in " + result.findings()).hasSize(1);
    return found.get(0);
  }

  @Test
  void theFindingGivesTheLineNumbersAndMaskedLines() throws IOException {
    Files.write(
        dir.resolve("people.csv"),
        List.of(
            "id,email,city", // line 1: the header
            "1,ana@example.com,Oslo",
            "2,bob@example.com,Bergen,Norway,extra", // line 3: too many fields
            "3,cy@example.com,Oslo",
            "4,di@example.com,Oslo",
            "5,ed@example.com,Oslo",
            "6,\"fay@example.com,Tromso", // line 7: a quote never closed
            "7,gus@example.com,Oslo"));

    Finding f = unparseable(audit("people.csv"));

    assertThat(f.evidence())
        .containsEntry("rows", 2L)
        .containsEntry("lines", List.of("people.csv:3", "people.csv:7"));
    assertThat(f.message())
        .contains(
            "2 lines could not be split into the file's columns (at people.csv:3, people.csv:7)");
    assertThat(f.examples())
        .as("every value masked, the separators and quotes kept")
        .containsExactly("2***,b***@example.com,B***,N***,e***", "6***,\"f***@example.com,T***");
  }

  @Test
  void aSourceOfSeveralFilesNamesTheFileOfEachLine() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("people"));
    Files.write(
        folder.resolve("a.csv"),
        List.of("id,email,city", "1,ana@example.com,Oslo", "2,bob@example.com,Bergen,extra"));
    Files.write(
        folder.resolve("b.csv"),
        List.of("id,email,city", "3,cy@example.com", "4,di@example.com,Oslo"));

    SourceSpec people = spec("people").source("people");

    UnparseableLines.Found found =
        UnparseableLines.find(people, new SourceReader(spark).read(people));

    assertThat(found.lines()).containsExactly("a.csv:3", "b.csv:2");
    assertThat(found.examples())
        .containsExactly("2***,b***@example.com,B***,e***", "3***,c***@example.com");
  }

  @Test
  void maskingKeepsTheShapeOfALine() {
    assertThat(UnparseableLines.mask("{\"name\": \"José\", \"phone\": \"+47 912 34 567\""))
        .isEqualTo("{\"n***\": \"J***\", \"p***\": \"+** *** ** *67\"");
    assertThat(
            UnparseableLines.label("file:///data/legacy/people/part-1.csv", "/data/legacy/people"))
        .isEqualTo("part-1.csv");
    assertThat(UnparseableLines.label("file:///data/legacy/people.csv", "/data/legacy/people.csv"))
        .isEqualTo("people.csv");
  }
}
