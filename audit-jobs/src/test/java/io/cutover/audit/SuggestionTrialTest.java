package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.AuditSpec;
import io.cutover.core.testing.SparkExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every value-changing suggestion is tried on the column's values with stage's own rule code before
 * it is offered: one that quarantines more values than its finding counts, or stages other digits,
 * is replaced by what it would do and what a correct rule needs.
 */
@ExtendWith(SparkExtension.class)
class SuggestionTrialTest {
  private static final AuditSpec AUDIT = new AuditSpec(Set.of(), 0.01, 24, 20, 0.0, Map.of());

  private final SparkSession spark;

  SuggestionTrialTest(SparkSession spark) {
    this.spark = spark;
  }

  private Dataset<Row> values(String... values) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      rows.add(RowFactory.create((long) i, values[i]));
    }
    return spark.createDataFrame(
        rows, new StructType().add("id", DataTypes.LongType).add("v", DataTypes.StringType));
  }

  private static Finding finding(long rows, String rule) {
    return new Finding(
        "t",
        "v",
        Category.CORRUPT,
        "invalid-phone",
        Severity.MEDIUM,
        rows + " of 4 values are not valid phone numbers",
        Map.of("rows", rows),
        List.of(),
        rule);
  }

  private static ColumnPlan plan(boolean pii) {
    return new ColumnPlan("v", DataTypes.StringType, SemanticType.NONE, pii, AUDIT);
  }

  @Test
  void aTrimThatOnlyRemovesSpacesIsOffered() {
    Finding f =
        SuggestionTrial.tried(
            finding(2, SuggestedRules.rule("type", "trim", "column", "v")),
            2,
            values(" abc", "12 ", "x", "7"),
            plan(false),
            Set.of());

    assertThat(f.suggestedRule()).isEqualTo("{ type = \"trim\", column = \"v\" }");
    assertThat(f.evidence())
        .containsEntry("dry_run_quarantined", 0L)
        .containsEntry("dry_run_changed", 0L);
  }

  @Test
  void aPhoneRuleThatWouldQuarantineFrenchNumbersUnderUsIsNotOffered() {
    // One really invalid value, and three French national numbers that are not valid in the US.
    String rule =
        SuggestedRules.rule(
            "type",
            "normalize-phone",
            "column",
            "v",
            "default-region",
            "US",
            "on-fail",
            "quarantine");
    Finding f =
        SuggestionTrial.tried(
            finding(1, rule),
            1,
            values("06 12 34 56 78", "01 42 68 53 00", "04 91 55 11 11", "12"),
            plan(true),
            Set.of());

    assertThat(f.evidence())
        .as("all four quarantined, the finding counts one")
        .containsEntry("dry_run_quarantined", 4L)
        .containsEntry("rows", 1L);
    assertThat(f.suggestedRule())
        .startsWith("# v: " + rule + " would quarantine 4 values, more than the 1 its findings")
        .contains("a correct rule needs each row's country (region-column")
        .as("a personal-data value is masked")
        .doesNotContain("06 12 34 56 78");
    assertThat(f.message()).contains("no rule was found");
  }

  @Test
  void aCastThatWouldRoundIsNotOfferedAndOneThatKeepsTheDigitsIs() {
    String rounding =
        SuggestedRules.rule(
            "type", "cast", "column", "v", "to", "decimal(18,2)", "rounding", "half-even");
    Finding rounded =
        SuggestionTrial.tried(
            finding(0, rounding), 0, values("15.526", "1.50", "7", "0.25"), plan(false), Set.of());

    assertThat(rounded.evidence())
        .containsEntry("dry_run_quarantined", 0L)
        .containsEntry("dry_run_changed", 1L);
    assertThat(rounded.suggestedRule())
        .contains("would stage 1 values with other digits (e.g. '15.526' as '15.53')")
        .startsWith("# v:");

    String wide = SuggestedRules.rule("type", "cast", "column", "v", "to", "decimal(18,3)");
    Finding kept =
        SuggestionTrial.tried(
            finding(0, wide), 0, values("15.526", "1.50", "7", "0.25"), plan(false), Set.of());
    assertThat(kept.suggestedRule()).isEqualTo(wide);
    assertThat(kept.evidence()).containsEntry("dry_run_changed", 0L);
  }

  @Test
  void aDateCastThatReadsTwoDigitYearsIntoACenturyIsNotOffered() {
    String rule =
        SuggestedRules.rule(
            "type",
            "cast",
            "column",
            "v",
            "to",
            "date",
            "formats",
            List.of("yyyy-MM-dd", "dd.MM.yy"),
            "pivot-year",
            1950);
    Finding f =
        SuggestionTrial.tried(
            finding(0, rule),
            0,
            values("2021-03-04", "04.03.21", "2020-01-31"),
            plan(false),
            Set.of());

    assertThat(f.evidence())
        .as("21 became 2021")
        .containsEntry("dry_run_changed", 1L)
        .containsEntry("dry_run_quarantined", 0L);
    assertThat(f.suggestedRule()).contains("every format the values are written in");
  }

  @Test
  void aSuggestionThatCannotRunIsNotOfferedAndTheAuditGoesOn() {
    Finding f =
        SuggestionTrial.tried(
            finding(1, SuggestedRules.rule("type", "trim", "column", "nope")),
            1,
            values(" a", "b"),
            plan(false),
            Set.of());

    assertThat(f.suggestedRule())
        .startsWith("# v: ")
        .contains("could not be tried on the column", "column 'nope' does not exist");
  }

  @Test
  void triedOncePerDistinctValueItCountsEveryRow() {
    // 9 rows, 4 distinct values: a cast to a number quarantines the 5 rows of 'x' and 'y'.
    Dataset<Row> rows = values("1", "x", "x", "2", "x", "y", "1", "y", "1");
    String rule =
        SuggestedRules.rule(
            "type", "cast", "column", "v", "to", "decimal(18,0)", "on-fail", "quarantine");

    SuggestionTrial.Outcome perRow = SuggestionTrial.trial(rule, rows, 5, Set.of()).orElseThrow();
    SuggestionTrial.Outcome perValue =
        SuggestionTrial.trial(rule, rows, 5, Set.of(), true).orElseThrow();

    assertThat(perRow.trial().quarantined()).isEqualTo(5);
    assertThat(perValue.trial().quarantined()).isEqualTo(5);
    assertThat(perValue.trial().changed()).isEqualTo(perRow.trial().changed()).isZero();
    assertThat(perValue.offered()).isTrue();
  }
}
