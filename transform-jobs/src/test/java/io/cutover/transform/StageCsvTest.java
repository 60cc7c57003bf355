package io.cutover.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A legacy CSV export with broken lines: they are quarantined with the raw line, never dropped. */
@ExtendWith(SparkExtension.class)
class StageCsvTest {
  @Test
  void malformedLinesAreQuarantinedAsUnparseableWithTheRawLine(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Files.write(
        dir.resolve("people.csv"),
        List.of(
            "id,email,joined",
            "1,ana@example.com,2020-01-02",
            "2,\"bob@example.com,2020-01-03",
            "3,carol@example.com,2020-01-04",
            "4,dave@example.com,2020-01-05,surplus,columns",
            "5,erin@example.com,31/02/2019"));
    Path file = dir.resolve("people.conf");
    Files.writeString(
        file,
        """
                name = csv
                work-dir = "%s"
                sources { people { format = csv, path = people.csv, options { header = true }, key = [id], pii = [email] } }
                cohorts { source = people, count = 1 }
                target { table = people, path = staged }
                rules {
                  people = [
                    { type = cast, column = joined, to = date, formats = ["yyyy-M-d"], on-fail = quarantine }
                  ]
                }
                """
            .formatted(dir));
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());

    StageResult r =
        new StageCohortJob(
                spark, spec, StageOptions.of("c00", StageOptions.Mode.WRITE), Progress.SILENT)
            .run();

    assertThat(r.sourceRows()).isEqualTo(5);
    assertThat(r.staged()).isEqualTo(2);
    assertThat(r.byRule())
        .containsEntry("quarantine parseable", 2L)
        .containsEntry("quarantine cast:joined", 1L);
    List<Row> unparseable =
        spark
            .read()
            .format("delta")
            .load(spec.target().quarantinePath())
            .filter("rule = 'parseable'")
            .orderBy("raw")
            .collectAsList();
    assertThat(unparseable)
        .extracting(row -> row.<String>getAs("raw"))
        .as("the raw lines, as they are in the file")
        .containsExactly(
            "2,\"bob@example.com,2020-01-03", "4,dave@example.com,2020-01-05,surplus,columns");
  }
}
