package io.cutover.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.testing.SparkExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every defect the row check finds is named by its keys, and conservation explains its gap with the
 * same keys.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyedDiffTest {
  private static final StructType ROWS =
      new StructType()
          .add("customer_id", DataTypes.LongType, false)
          .add("plan", DataTypes.StringType, true)
          .add(StageColumns.COHORT, DataTypes.StringType, false);
  private static final List<String> KEY = List.of("customer_id");

  private Dataset<Row> expected;
  private Dataset<Row> staged;

  @BeforeAll
  void tables(SparkSession spark) {
    expected =
        spark.createDataFrame(
            List.of(
                row(1, "basic"),
                row(2, "basic"),
                row(3, "pro"),
                row(4, "pro"),
                row(5, "basic"),
                row(6, "pro")),
            ROWS);
    // 2 staged twice, 3 changed, 4 not staged, 9 and 10 staged with no legacy row behind them.
    staged =
        spark.createDataFrame(
            List.of(
                row(1, "basic"),
                row(2, "basic"),
                row(2, "basic"),
                row(3, "gold"),
                row(5, "basic"),
                row(6, "pro"),
                row(9, "pro"),
                row(10, "basic")),
            ROWS);
  }

  private static Row row(long id, String plan) {
    return RowFactory.create(id, plan, "c00");
  }

  private static SourceSpec source(Set<String> pii) {
    return new SourceSpec(
        "customers",
        "parquet",
        Optional.empty(),
        Map.of(),
        KEY,
        pii,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        "test");
  }

  /** Defect and keys, in the order given (the reports' order). */
  private static Map<String, List<String>> ordered(Object... defectsAndKeys) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < defectsAndKeys.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> keys = (List<String>) defectsAndKeys[i + 1];
      out.put((String) defectsAndKeys[i], keys);
    }
    return out;
  }

  private CheckOutcome rows(KeyedDiff diff, DuplicateKeys duplicates) {
    return diff.check(expected, staged, duplicates, List.of("c00"), Map.of()).get("c00");
  }

  @Test
  void theRowCheckNamesTheKeysOfMissingExtraDuplicatedAndChangedRows() {
    KeyedDiff diff = new KeyedDiff(KEY, List.of("plan"), source(Set.of()));
    DuplicateKeys duplicates = diff.duplicates(staged);
    CheckOutcome rows = rows(diff, duplicates);

    assertThat(duplicates.in("c00")).as("rows beyond the key's first").isEqualTo(1L);
    assertThat(duplicates.examplesIn("c00")).containsExactly("2: 2 rows");
    assertThat(rows.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(rows.numbers())
        .containsEntry("missing", 1L)
        .containsEntry("extra", 2L)
        .containsEntry("duplicate_keys", 1L)
        .containsEntry("changed", 1L);
    assertThat(rows.keys())
        .containsExactlyEntriesOf(
            ordered(
                "missing",
                List.of("4"),
                "extra",
                List.of("10", "9"),
                "duplicated",
                List.of("2: 2 rows"),
                "changed",
                List.of("3")));
    assertThat(rows.message())
        .isEqualTo(
            "1 missing (key 4), 2 extra (keys 10, 9), 1 duplicated keys (2: 2 rows), 1 changed (key 3; columns: plan (1))");
    assertThat(rows.examples())
        .containsExactly(
            "missing: 4", "extra: 10", "extra: 9", "duplicated: 2: 2 rows", "changed: 3");
  }

  @Test
  void conservationCallsTheSurplusExtraAndNamesItsKeys() {
    KeyedDiff diff = new KeyedDiff(KEY, List.of("plan"), source(Set.of()));
    CheckOutcome rows = rows(diff, diff.duplicates(staged));

    // 6 legacy rows, 8 staged: 2 extra + 1 duplicated - 1 missing = 2 more than the legacy rows.
    CheckOutcome conservation =
        ConservationCheck.of(6, 8, 0, 0, 0, 0, List.of(), ConservationCheck.RowDefects.of(rows));

    assertThat(conservation.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(conservation.message())
        .isEqualTo(
            "6 legacy rows vs 8 staged + 0 quarantined + 0 excluded or merged: 2 staged rows have no legacy row (extra):"
                + " keys 10, 9; 1 staged rows repeat a staged key (duplicated): 2: 2 rows; 1 legacy rows are not staged (missing): key 4");
    assertThat(conservation.keys())
        .containsExactlyEntriesOf(
            ordered(
                "missing",
                List.of("4"),
                "extra",
                List.of("10", "9"),
                "duplicated",
                List.of("2: 2 rows")));

    // A gap the row check does not explain is still called unaccounted for.
    assertThat(
            ConservationCheck.of(6, 9, 0, 0, 0, 0, List.of(), ConservationCheck.RowDefects.of(rows))
                .message())
        .endsWith("1 legacy rows are not staged (missing): key 4; 1 rows unaccounted for");
  }

  @Test
  void aPersonalKeyIsMaskedInEveryList() {
    KeyedDiff diff = new KeyedDiff(KEY, List.of("plan"), source(Set.of("customer_id")));
    DuplicateKeys duplicates = diff.duplicates(staged).masked(true);
    CheckOutcome rows = rows(diff, duplicates);

    assertThat(rows.keys())
        .containsExactlyEntriesOf(
            ordered(
                "missing",
                List.of("4***"),
                "extra",
                List.of("1***", "9***"),
                "duplicated",
                List.of("2***: 2 rows"),
                "changed",
                List.of("3***")));
    assertThat(rows.message())
        .isEqualTo(
            "1 missing (key 4***), 2 extra (keys 1***, 9***), 1 duplicated keys (2***: 2 rows), 1 changed (key 3***; columns: plan (1))");
  }

  @Test
  void theJsonAndHtmlReportsCarryTheKeysByDefect() throws Exception {
    KeyedDiff diff = new KeyedDiff(KEY, List.of("plan"), source(Set.of()));
    CheckOutcome rows = rows(diff, diff.duplicates(staged));
    ReconcileResult result =
        new ReconcileResult(
            "r-1", "c00", Verdict.FAIL, List.of(rows), "stage-1", 3, Instant.EPOCH, Instant.EPOCH);
    ReconcileMetrics.SincePrevious none = new ReconcileMetrics.SincePrevious(null, List.of());

    JsonNode keys =
        new ObjectMapper()
            .readTree(ReconcileReports.json(result, none))
            .get("checks")
            .get(0)
            .get("keys");
    assertThat(keys.toString())
        .isEqualTo(
            "{\"missing\":[\"4\"],\"extra\":[\"10\",\"9\"],\"duplicated\":[\"2: 2 rows\"],\"changed\":[\"3\"]}");
    assertThat(ReconcileReports.html(result, none))
        .contains("missing: 4<br>extra: 10, 9<br>duplicated: 2: 2 rows<br>changed: 3<br>");
  }
}
