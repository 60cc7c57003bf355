package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.SparkExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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

/** Rules on tiny inline rows: what each does to values, and which rule decides a row's fate. */
@ExtendWith(SparkExtension.class)
class RuleCompilerTest {
  private static final StructType PEOPLE =
      new StructType()
          .add("id", DataTypes.LongType)
          .add("name", DataTypes.StringType)
          .add("tier", DataTypes.StringType)
          .add("amount", DataTypes.StringType)
          .add("note", DataTypes.StringType)
          .add("seen", DataTypes.StringType);

  private final SparkSession spark;
  @TempDir Path dir;

  RuleCompilerTest(SparkSession spark) {
    this.spark = spark;
  }

  private Map<Long, Row> compile(String rules, List<Row> rows) throws Exception {
    Map<Long, Row> byId = new java.util.TreeMap<>();
    compiled(rules, rows).collectAsList().forEach(r -> byId.put(r.<Long>getAs("id"), r));
    return byId;
  }

  private Dataset<Row> compiled(String rules, List<Row> rows) throws Exception {
    return compilation(rules, rows).rows();
  }

  private boolean rowLocal(String rules) throws Exception {
    RuleCompiler.Compiled compiled = compilation(rules, List.of());
    return compiler.rowLocal(compiled);
  }

  private RuleCompiler compiler;

  private RuleCompiler.Compiled compilation(String rules, List<Row> rows) throws Exception {
    Path file = dir.resolve("r.conf");
    Files.writeString(
        file,
        "name = r\nwork-dir = \""
            + dir
            + "\"\nsources { people { format = parquet, path = p, key = [id] } }\n"
            + "cohorts { source = people, count = 1 }\ntarget { table = people, path = staged }\nrules { people = [\n"
            + rules
            + "\n] }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    compiler = new RuleCompiler(spec, spec.source("people"), LocalDate.of(2026, 11, 28));
    return compiler.compile(compiler.withCohort(spark.createDataFrame(rows, PEOPLE)));
  }

  /** Each row as "name: outcome", ordered by name (names are unique in these tests). */
  private List<String> outcomesByName(String rules, List<Row> rows) throws Exception {
    return compiled(rules, rows).orderBy("name").collectAsList().stream()
        .map(r -> r.<String>getAs("name") + ": " + outcome(r))
        .toList();
  }

  private static String outcome(Row r) {
    Row o = r.getAs(StageColumns.OUTCOME);
    return o == null ? "staged" : o.getString(0) + " " + o.getString(1) + ": " + o.getString(2);
  }

  @Test
  void columnRulesChangeValuesAndTheFirstRejectingRuleWins() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(1L, " ana ", "G", "1.234,50", "ok\u0007", "2020-01-02"),
            RowFactory.create(2L, "bob", "X", "12,00", null, "N/A"),
            RowFactory.create(3L, "cy", "S", "abc", "ok", "2020-13-40"),
            RowFactory.create(4L, "dee", "G", "7", "test", "2021-05-06"));

    Map<Long, Row> out =
        compile(
            """
                { type = trim, column = name }
                { type = case, column = name, to = upper }
                { type = map, column = tier, values { G = gold, S = silver }, unmapped = quarantine }
                { type = cast, column = amount, to = "decimal(10,2)", grouping-separator = ".", decimal-separator = ",", on-fail = quarantine }
                { type = strip-control-characters, column = note }
                { type = default, column = note, value = "none" }
                { type = cast, column = seen, to = date, formats = ["yyyy-M-d"], on-fail = null }
                { type = exclude, name = tests, expression = "note = 'test'", reason = "test account" }
                { type = derive, column = label, expression = "concat(name, '/', tier)" }
                { type = select, columns = [id, name, tier, amount, note, seen, label] }
                """,
            rows);

    assertThat(out.get(1L).<String>getAs("name")).isEqualTo("ANA");
    assertThat(out.get(1L).<String>getAs("tier")).isEqualTo("gold");
    assertThat(out.get(1L).<java.math.BigDecimal>getAs("amount")).isEqualByComparingTo("1234.50");
    assertThat(out.get(1L).<String>getAs("note")).isEqualTo("ok");
    assertThat(out.get(1L).<String>getAs("label")).isEqualTo("ANA/gold");
    assertThat(out.get(1L).<java.sql.Date>getAs("seen")).hasToString("2020-01-02");
    assertThat(outcome(out.get(1L))).isEqualTo("staged");
    assertThat(outcome(out.get(2L)))
        .as("unmapped tier, before the amount rule")
        .isEqualTo("quarantine map:tier: tier: value is not in the code table");
    assertThat(out.get(2L).<String>getAs("note")).as("default for null").isEqualTo("none");
    assertThat(out.get(2L).<java.sql.Date>getAs("seen"))
        .as("a placeholder becomes null, not a failure")
        .isNull();
    assertThat(outcome(out.get(3L)))
        .isEqualTo(
            "quarantine cast:amount: amount: cannot be read as decimal(10,2) with separators [{grouping '.', decimal ','}]");
    assertThat(out.get(3L).<java.sql.Date>getAs("seen"))
        .as("on-fail = null nulls the value")
        .isNull();
    assertThat(outcome(out.get(4L))).isEqualTo("excluded tests: test account");
  }

  @Test
  void deduplicateKeepsTheMostCompleteRowAndNamesTheKey() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(7L, "a", null, null, null, null),
            RowFactory.create(7L, "a", "G", "1", "n", "2020-01-01"),
            RowFactory.create(8L, "b", "G", "1", "n", "2020-01-01"));

    Dataset<Row> input = spark.createDataFrame(rows, PEOPLE);
    Path file = dir.resolve("d.conf");
    Files.writeString(
        file,
        "name = d\nwork-dir = \""
            + dir
            + "\"\nsources { people { format = parquet, path = p, key = [id] } }\n"
            + "cohorts { source = people, count = 1 }\ntarget { table = people, path = staged }\n"
            + "rules { people = [ { type = deduplicate, key = [id], keep = most-complete } ] }\n");
    MigrationSpec spec = SpecLoader.load(file, Map.of(), Map.of());
    RuleCompiler compiler =
        new RuleCompiler(spec, spec.source("people"), LocalDate.of(2026, 11, 28));
    List<Row> out =
        compiler.compile(compiler.withCohort(input)).rows().orderBy("id", "tier").collectAsList();

    assertThat(out)
        .extracting(RuleCompilerTest::outcome)
        .containsExactly(
            "merged deduplicate:id: duplicate of key (7): most complete kept", "staged", "staged");
    assertThat(out.get(1).<String>getAs("tier")).as("the complete row survives").isEqualTo("G");
  }

  @Test
  void deduplicateRanksOnlyStagingRowsOfARepeatedKeyNullKeysIncluded() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(1L, "a-old", "G", "1", null, "2020-01-01"),
            RowFactory.create(1L, "b-new", "G", "1", null, "2021-01-01"),
            RowFactory.create(1L, "c-new", "G", "1", null, "2021-01-01"),
            RowFactory.create(1L, "d-undated", "G", "1", null, null),
            RowFactory.create(2L, "e-old", "G", "1", null, "2020-01-01"),
            RowFactory.create(2L, "f-new-bad", "G", "1", "bad", "2021-01-01"),
            RowFactory.create(3L, "g-alone", "G", "1", null, "2020-01-01"),
            RowFactory.create(4L, "h-alone-bad", "G", "1", "bad", "2020-01-01"),
            RowFactory.create(null, "i-nokey", "G", "1", null, "2020-01-01"),
            RowFactory.create(null, "j-nokey", "G", "1", null, "2020-06-01"));

    List<String> out =
        outcomesByName(
            """
                { type = validate, name = no-bad, expression = "note IS NULL OR note <> 'bad'", reason = "bad note" }
                { type = deduplicate, key = [id], keep = latest, order-by = seen }
                """,
            rows);

    assertThat(out)
        .as(
            "latest kept; a tie broken by the source values; a row quarantined earlier neither wins nor loses; null keys are one key")
        .containsExactly(
            "a-old: merged deduplicate:id: duplicate of key (1): latest kept",
            "b-new: staged",
            "c-new: merged deduplicate:id: duplicate of key (1): latest kept",
            "d-undated: merged deduplicate:id: duplicate of key (1): latest kept",
            "e-old: staged",
            "f-new-bad: quarantine no-bad: bad note",
            "g-alone: staged",
            "h-alone-bad: quarantine no-bad: bad note",
            "i-nokey: merged deduplicate:id: duplicate of key (): latest kept",
            "j-nokey: staged");
  }

  @Test
  void rowsDeduplicatedOnTheKeyAreShuffledByItOnceBeforeAnyRule() throws Exception {
    String plan =
        compiled(
                """
                { type = trim, column = name }
                { type = deduplicate, key = [id], keep = most-complete }
                """,
                List.of(RowFactory.create(1L, " a ", "G", "1", null, null)))
            .queryExecution()
            .executedPlan()
            .toString();

    assertThat(plan.split("Exchange ", -1)).as("one shuffle: " + plan).hasSize(2);
    assertThat(plan)
        .as("by the key alone, so the window needs no other")
        .containsPattern("Exchange hashpartitioning\\(id#\\d+L?, \\d+\\)");
    assertThat(plan.indexOf("trim("))
        .as("the rules run after it (the plan prints parents first)")
        .isBetween(0, plan.indexOf("Exchange "));
  }

  @Test
  void deduplicateOfIdenticalRowsKeepsExactlyOneAndLeavesOtherKeysAlone() throws Exception {
    Row twin = RowFactory.create(5L, "twin", "G", "1", null, "2020-01-01");
    List<Row> rows =
        List.of(twin, twin, twin, RowFactory.create(6L, "other", "S", null, null, null));

    Dataset<Row> out = compiled("{ type = deduplicate, key = [id], keep = most-complete }", rows);

    assertThat(out.filter("_cutover_outcome IS NULL").count())
        .as("staged rows: one twin and the other key")
        .isEqualTo(2);
    assertThat(out.filter("_cutover_outcome.kind = 'merged'").count())
        .as("twins merged away")
        .isEqualTo(2);
    assertThat(out.count()).as("every source row comes out once").isEqualTo(4);
  }

  @Test
  void rulesAreRowLocalUnlessARowsFateDependsOnOtherKeys() throws Exception {
    assertThat(
            rowLocal(
                "{ type = trim, column = name }\n{ type = deduplicate, key = [id], keep = most-complete }"))
        .as("deduplicate on the key")
        .isTrue();
    assertThat(rowLocal("{ type = deduplicate, key = [name], keep = most-complete }"))
        .as("deduplicate on another column")
        .isFalse();
    assertThat(
            rowLocal(
                "{ type = derive, column = n, expression = \"count(*) over (partition by tier)\" }"))
        .as("a window in an expression")
        .isFalse();
  }

  @Test
  void stagedRowsCarryTheHashOfTheirSourceRowAndOfTheirValues() throws Exception {
    List<Row> rows =
        List.of(
            RowFactory.create(1L, "a", "G", "1", null, null),
            RowFactory.create(2L, "a", "G", "1", null, null),
            RowFactory.create(3L, null, "a", "1", null, null),
            RowFactory.create(4L, "a", null, "1", null, null));
    Dataset<Row> staged = compilation("{ type = trim, column = name }", rows).staged();
    Map<Long, Row> byId = new java.util.TreeMap<>();
    staged.collectAsList().forEach(r -> byId.put(r.<Long>getAs("id"), r));

    assertThat(byId.get(1L).<Long>getAs(StageColumns.ROW_HASH))
        .as("same values, other key")
        .isEqualTo(byId.get(2L).<Long>getAs(StageColumns.ROW_HASH));
    assertThat(byId.get(1L).<Long>getAs(StageColumns.SOURCE_HASH))
        .as("the key is part of the source row")
        .isNotEqualTo(byId.get(2L).<Long>getAs(StageColumns.SOURCE_HASH));
    assertThat(byId.get(3L).<Long>getAs(StageColumns.ROW_HASH))
        .as("(null, a) is not (a, null)")
        .isNotEqualTo(byId.get(4L).<Long>getAs(StageColumns.ROW_HASH));
    Dataset<Row> source = spark.createDataFrame(rows, PEOPLE);
    assertThat(source.filter("id = 1").select(RuleCompiler.sourceHash(source)).first().getLong(0))
        .as("reconcile hashes the source the same way")
        .isEqualTo(byId.get(1L).<Long>getAs(StageColumns.SOURCE_HASH));
  }
}
