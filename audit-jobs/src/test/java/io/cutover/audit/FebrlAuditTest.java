package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.Febrl;
import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private final SparkSession spark;
  @TempDir Path dir;

  FebrlAuditTest(SparkSession spark) {
    this.spark = spark;
  }

  @Test
  void everyFebrlFile() throws IOException {
    StringBuilder sources = new StringBuilder();
    for (String f : Febrl.FILES) {
      // dataset1 is read as a new user would first point at it; the others with the option the
      // audit suggests.
      // Its header names keep their leading space, so pii cannot name them there.
      boolean first = f.equals("dataset1");
      String options = first ? "header = true" : "header = true, ignoreLeadingWhiteSpace = true";
      sources
          .append("  ")
          .append(f)
          .append(" { format = csv, path = \"")
          .append(Febrl.csv(f))
          .append("\", options { ")
          .append(options)
          .append(" }, key = [rec_id]")
          .append(
              first
                  ? ""
                  : ", pii = [given_name, surname, street_number, address_1, address_2, date_of_birth, soc_sec_id]")
          .append(" }\n");
    }
    AuditResult result = audit(sources.toString());

    assertThat(result.failed()).isEmpty();
    List<String> header =
        Arrays.asList(Files.readAllLines(Febrl.csv("dataset1")).get(0).split(","));
    assertThat(only(result, "dataset1", "", "csv-space-after-delimiter").evidence())
        .containsEntry(
            "header_names_with_space", header.stream().filter(h -> h.startsWith(" ")).count());
    for (String f : Febrl.FILES) {
      String raw = Files.readString(Febrl.csv(f));
      long crlf = raw.split("\r\n", -1).length - 1;
      if (crlf == 0) {
        assertThat(result.findings())
            .as(f + " has no CRLF line ends")
            .noneMatch(x -> x.dataset().equals(f) && x.type().equals("csv-crlf"));
        continue;
      }
      Finding windows = only(result, f, "", "csv-crlf");
      long lines =
          Math.min(
              crlf,
              raw.substring(0, Math.min(raw.length(), 64 * 1024)).split("\r\n", -1).length - 1);
      assertThat(((Number) windows.evidence().get("crlf_lines_in_head")).longValue())
          .as(f + ": CRLF-ended lines in its first 64 KB")
          .isEqualTo(lines);
      assertThat(windows.severity())
          .as("Spark splits them: no field keeps a \\r")
          .isEqualTo(Severity.INFO);
    }
    for (String f : Febrl.FILES.subList(1, Febrl.FILES.size())) {
      List<String[]> rows = rows(f);
      assertThat(result.findings())
          .as(f + " is read with ignoreLeadingWhiteSpace")
          .noneMatch(x -> x.dataset().equals(f) && x.type().equals("csv-space-after-delimiter"));
      valuesOf(result, f, rows);
      assertThat(result.findings())
          .as(f + ": lower-case names are no upper-case finding, a name no shadow")
          .noneMatch(
              x ->
                  x.dataset().equals(f)
                      && (x.type().equals("all-upper-case")
                          || x.type().equals("shadow") && x.column().contains("name")));
    }
  }

  /**
   * The same five files loaded into MariaDB, one table each (every column VARCHAR, an empty value
   * NULL, as {@code rules/febrl.conf} asks), audited over JDBC: the same findings on the values,
   * with the counts worked out from the files.
   */
  @Test
  void everyFebrlFileThroughMariaDb() throws Exception {
    String database = "cutover_febrl_audit";
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database);
      s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    }
    String url = "jdbc:mariadb://127.0.0.1:3306/" + database;
    StringBuilder sources = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url, "root", "")) {
      for (String f : Febrl.FILES) {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TABLE "
                  + f
                  + " ("
                  + String.join(" VARCHAR(64), ", Febrl.COLUMNS)
                  + " VARCHAR(64), PRIMARY KEY (rec_id))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO " + f + " VALUES (" + "?, ".repeat(10) + "?)")) {
          for (String[] r : rows(f)) {
            for (int i = 0; i < r.length; i++) {
              insert.setString(i + 1, r[i].isEmpty() ? null : r[i]);
            }
            insert.addBatch();
          }
          insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        sources
            .append("  ")
            .append(f)
            .append(" { format = jdbc, options { url = \"")
            .append(url)
            .append("\", dbtable = ")
            .append(f)
            .append(", user = root }, key = [rec_id], pii = [given_name, surname, street_number,")
            .append(" address_1, address_2, date_of_birth, soc_sec_id] }\n");
      }
    }

    AuditResult result = audit(sources.toString());

    assertThat(result.failed()).isEmpty();
    for (String f : Febrl.FILES) {
      valuesOf(result, f, rows(f));
    }
  }

  private AuditResult audit(String sources) throws IOException {
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
    return new AuditJob(
            spark,
            spec,
            new AuditOptions(List.of(), "febrl", Instant.parse("2026-12-01T00:00:00Z")),
            Progress.SILENT)
        .run();
  }

  /**
   * What the values hold, the same however they are read: state typos (each variant the audit maps
   * is a value outside the eight states, its rows counted here from the file, and together they are
   * nearly all such rows), no dependency of state on postcode or suburb (they are independent in
   * Febrl: checked here), no almost-key or label finding on the person columns.
   */
  private static void valuesOf(AuditResult result, String f, List<String[]> rows) {
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
    Map<String, Long> states = new java.util.HashMap<>();
    rows.forEach(r -> states.merge(r[8], 1L, Long::sum));
    long outside =
        states.entrySet().stream()
            .filter(e -> !e.getKey().isEmpty() && !Febrl.STATES.contains(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    if (outside == 0) {
      assertThat(result.findings())
          .as(f + ": only the eight states")
          .noneMatch(x -> x.dataset().equals(f) && x.type().equals("categorical-typos"));
    } else {
      Finding typos = only(result, f, "state", "categorical-typos");
      @SuppressWarnings("unchecked")
      Map<String, String> map = (Map<String, String>) typos.evidence().get("map");
      assertThat(map.values()).as(f + ": variants map to states").isSubsetOf(Febrl.STATES);
      assertThat(map.keySet())
          .as(f + ": variants are values outside the states")
          .allMatch(v -> !Febrl.STATES.contains(v) && states.containsKey(v));
      long mapped = map.keySet().stream().mapToLong(states::get).sum();
      assertThat(rows(typos))
          .as(f + ": rows of the variants, counted in the file")
          .isEqualTo(mapped);
      assertThat(mapped)
          .as(f + ": nearly every row outside the states")
          .isGreaterThanOrEqualTo(Math.round(0.9 * outside));
      assertThat(((Number) typos.evidence().get("real_values")).longValue())
          .as(f + ": the eight states and the unmatched rare values")
          .isEqualTo(
              8
                  + states.keySet().stream()
                      .filter(v -> !v.isEmpty() && !Febrl.STATES.contains(v) && !map.containsKey(v))
                      .count());
    }
    for (int x : new int[] {6, 7}) {
      Map<String, Map<String, Long>> pairs = new java.util.HashMap<>();
      rows.stream()
          .filter(r -> !r[x].isEmpty() && !r[8].isEmpty())
          .forEach(
              r ->
                  pairs
                      .computeIfAbsent(r[x], k -> new java.util.HashMap<>())
                      .merge(r[8], 1L, Long::sum));
      long all =
          pairs.values().stream()
              .flatMap(m -> m.values().stream())
              .mapToLong(Long::longValue)
              .sum();
      long usual =
          pairs.values().stream().mapToLong(m -> java.util.Collections.max(m.values())).sum();
      assertThat((double) usual / all)
          .as(f + ": state does not follow column " + x)
          .isLessThan(0.95);
    }
    assertThat(result.findings())
        .as(f + ": no dependency, almost-key or label finding")
        .noneMatch(
            x ->
                x.dataset().equals(f)
                    && Set.of("dependency-broken", "almost-key", "duplicate-label")
                        .contains(x.type()));
  }

  /** The data lines of a Febrl file, fields trimmed (its delimiter is ", "). */
  private static List<String[]> rows(String name) throws IOException {
    List<String[]> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(Febrl.csv(name));
    for (String line : lines.subList(1, lines.size())) {
      out.add(Arrays.stream(line.split(",", -1)).map(String::trim).toArray(String[]::new));
    }
    return out;
  }

  private static boolean valid(String birth) {
    try {
      LocalDate.parse(birth, Febrl.BIRTH);
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
