package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.LegacyDatabases;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * All five Febrl files as CSV sources, in one audit: the file shape (", " delimiter) found where
 * the reader is not told, and the defects of the values (postcodes with leading zeros, impossible
 * dates of birth) where it is, each count recomputed here from the raw lines. Nothing is asserted
 * as a total.
 */
@ExtendWith(SparkExtension.class)
class FebrlAuditTest {
  private static final Path FEBRL = LegacyDatabases.PAGILA_DUMP.resolveSibling("febrl");
  private static final List<String> FILES =
      List.of("dataset1", "dataset2", "dataset3", "dataset4a", "dataset4b");
  private static final DateTimeFormatter BIRTH =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

  private final SparkSession spark;
  @TempDir Path dir;

  FebrlAuditTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void everyFebrlFile() throws IOException {
    StringBuilder sources = new StringBuilder();
    for (String f : FILES) {
      // dataset1 is read as a new user would first point at it; the others with the option the
      // audit suggests.
      // Its header names keep their leading space, so pii cannot name them there.
      boolean first = f.equals("dataset1");
      String options = first ? "header = true" : "header = true, ignoreLeadingWhiteSpace = true";
      sources
          .append("  ")
          .append(f)
          .append(" { format = csv, path = \"")
          .append(FEBRL.resolve(f + ".csv"))
          .append("\", options { ")
          .append(options)
          .append(" }, key = [rec_id]")
          .append(
              first
                  ? ""
                  : ", pii = [given_name, surname, street_number, address_1, address_2, date_of_birth, soc_sec_id]")
          .append(" }\n");
    }
    Path file = dir.resolve("febrl.conf");
    Files.writeString(
        file,
        "name = febrl\nwork-dir = \""
            + dir
            + "\"\nsources {\n"
            + sources
            + "}\ncohorts { source = dataset1 }\n"
            + "target { table = people, path = staged }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());

    AuditResult result =
        new AuditJob(
                spark,
                spec,
                new AuditOptions(List.of(), "febrl", Instant.parse("2026-12-01T00:00:00Z")),
                Progress.SILENT)
            .run();

    assertThat(result.failed()).isEmpty();
    List<String> header =
        Arrays.asList(Files.readAllLines(FEBRL.resolve("dataset1.csv")).get(0).split(","));
    assertThat(only(result, "dataset1", "", "csv-space-after-delimiter").evidence())
        .containsEntry(
            "header_names_with_space", header.stream().filter(h -> h.startsWith(" ")).count());
    for (String f : FILES.subList(1, FILES.size())) {
      List<String[]> rows = rows(f);
      assertThat(result.findings())
          .as(f + " is read with ignoreLeadingWhiteSpace")
          .noneMatch(x -> x.dataset().equals(f) && x.type().equals("csv-space-after-delimiter"));
      long zeros = rows.stream().filter(r -> r[7].startsWith("0")).count();
      assertThat(rows(only(result, f, "postcode", "leading-zeros")))
          .as(f + ": postcodes a number cast would cut")
          .isEqualTo(zeros);
      long badBirth = rows.stream().filter(r -> !r[9].isEmpty() && !valid(r[9])).count();
      if (badBirth > 0) {
        assertThat(rows(only(result, f, "date_of_birth", "invalid-date")))
            .as(f + ": impossible dates of birth")
            .isEqualTo(badBirth);
      }
      assertThat(result.findings())
          .as(f + ": lower-case names are no upper-case finding, a name no shadow")
          .noneMatch(
              x ->
                  x.dataset().equals(f)
                      && (x.type().equals("all-upper-case")
                          || x.type().equals("shadow") && x.column().contains("name")));
    }
  }

  /** The data lines of a Febrl file, fields trimmed (its delimiter is ", "). */
  private static List<String[]> rows(String name) throws IOException {
    List<String[]> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(FEBRL.resolve(name + ".csv"));
    for (String line : lines.subList(1, lines.size())) {
      out.add(Arrays.stream(line.split(",", -1)).map(String::trim).toArray(String[]::new));
    }
    return out;
  }

  private static boolean valid(String birth) {
    try {
      LocalDate.parse(birth, BIRTH);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Finding only(AuditResult result, String dataset, String column, String type) {
    List<Finding> found =
        result.findings().stream()
            .filter(
                f ->
                    f.dataset().equals(dataset)
                        && f.column().equals(column)
                        && f.type().equals(type))
            .toList();
    assertThat(found)
        .as(type + " on " + dataset + "." + column + " in " + result.findings())
        .hasSize(1);
    return found.get(0);
  }

  private static long rows(Finding f) {
    return ((Number) f.evidence().get("rows")).longValue();
  }
}
