package io.cutover.core.rules;

import io.cutover.core.cohort.CohortAssignment;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.RuleSpec;
import io.cutover.core.spec.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Compiles a source's rules into one Spark plan over its rows: every row comes out once, either
 * staging (outcome null) or with the outcome of the first rule that rejected, excluded or merged
 * it. Shared by stage, which writes the result, and reconcile, which recomputes it as the expected
 * rows. Nothing is read here: the plan is analysed against the source's schema, so a bad column or
 * expression fails with its rule's file:line before any scan.
 */
public final class RuleCompiler {
  private final MigrationSpec spec;
  private final SourceSpec source;
  private final List<RuleSpec> rules;
  private final LocalDate today;

  public RuleCompiler(MigrationSpec spec, SourceSpec source, LocalDate today) {
    this.spec = spec;
    this.source = source;
    this.rules = spec.rulesOf(source.name());
    this.today = today;
  }

  /**
   * The compiled plan: all rows of {@code input} with outcome and actions, the columns the staged
   * table keeps, and the source's key.
   */
  public record Compiled(
      Dataset<Row> rows, List<String> columns, StructType tableSchema, List<String> key) {

    /**
     * The rows that stage, as the staged table holds them: columns, cohort, actions and the two
     * hashes.
     */
    public Dataset<Row> staged() {
      List<Column> keep = new ArrayList<>();
      columns.forEach(c -> keep.add(rows.col(Sql.column(c))));
      keep.add(rows.col(StageColumns.COHORT));
      keep.add(rows.col(StageColumns.ACTIONS));
      keep.add(rows.col(StageColumns.SOURCE_HASH));
      keep.add(RowHash.ofColumns(rows, compared()).as(StageColumns.ROW_HASH));
      return rows.filter(rows.col(StageColumns.OUTCOME).isNull())
          .select(keep.toArray(Column[]::new));
    }

    /**
     * The staged columns a row's values are compared on: all but the key and the cohort, plus the
     * actions.
     */
    public List<String> compared() {
      List<String> out =
          new ArrayList<>(
              columns.stream()
                  .filter(c -> !key.contains(c) && !c.equals(StageColumns.COHORT))
                  .toList());
      out.add(StageColumns.ACTIONS);
      return out;
    }
  }

  /** The cohort of each source row, by the spec's hash of the key. */
  public Dataset<Row> withCohort(Dataset<Row> input) {
    return input.withColumn(StageColumns.COHORT, CohortAssignment.of(spec.cohorts(), source.key()));
  }

  public Compiled compile(Dataset<Row> input) {
    // Hashed before the shuffle, in the small stage that reads the source, where Spark generates
    // code for it.
    input = shuffledForDeduplication(input.withColumn(StageColumns.SOURCE_HASH, sourceHash(input)));
    boolean hasCorrupt = Arrays.asList(input.columns()).contains(SourceReader.CORRUPT_RECORD);
    boolean hasParent = Arrays.asList(input.columns()).contains(ParentOutcome.COLUMN);
    List<Column> original = new ArrayList<>();
    for (String c : input.columns()) {
      if (!c.equals(SourceReader.CORRUPT_RECORD)
          && !c.equals(StageColumns.COHORT)
          && !c.equals(StageColumns.SOURCE_HASH)
          && !c.equals(ParentOutcome.COLUMN)) {
        original.add(input.col(Sql.column(c)));
      }
    }
    // The source row travels as a struct; it becomes JSON text only for the rows that do not stage
    // (see below).
    Dataset<Row> start =
        withRuleColumns(
            input.withColumn(
                StageColumns.SOURCE, functions.struct(original.toArray(Column[]::new))));
    if (hasCorrupt) {
      start = start.withColumn(LINE, input.col(SourceReader.CORRUPT_RECORD));
    }
    Frame frame =
        new Frame(
            start,
            new RuleSpec.Validate(
                "parseable",
                source.name() + " (automatic)",
                java.util.Optional.empty(),
                java.util.Optional.of("parseable"),
                java.util.Optional.empty(),
                "unparseable"));
    if (hasCorrupt) {
      frame.reject(
          start.col(SourceReader.CORRUPT_RECORD).isNotNull(),
          StageColumns.QUARANTINE,
          functions.lit("unparseable: the line does not fit the file's columns"));
      frame.drop(SourceReader.CORRUPT_RECORD);
    }
    Dataset<Row> data = frame.data();
    if (hasParent) {
      // Before the source's own rules: a row whose parent does not stage never stages, whatever
      // else it is.
      Frame parent =
          new Frame(
              data,
              new RuleSpec.Validate(
                  ParentOutcome.ruleName(spec.parentOf(source.name()).orElseThrow()),
                  source.name() + " (automatic)",
                  java.util.Optional.empty(),
                  java.util.Optional.empty(),
                  java.util.Optional.empty(),
                  "parent"));
      parent.reject(
          data.col(ParentOutcome.COLUMN).isNotNull(),
          StageColumns.QUARANTINE,
          data.col(ParentOutcome.COLUMN));
      parent.drop(ParentOutcome.COLUMN);
      data = parent.data();
    }
    ColumnRules columnRules = new ColumnRules(spec.audit().placeholders());
    RowRules rowRules = new RowRules(spec.audit(), today);
    for (RuleSpec rule : rules) {
      Frame f = new Frame(data, rule);
      if (isRowRule(rule)) {
        rowRules.apply(f, rule);
      } else {
        columnRules.apply(f, rule);
      }
      data = f.data();
    }
    Frame last =
        new Frame(
            data,
            new RuleSpec.Validate(
                "target",
                "target (" + spec.file() + ")",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.of("true"),
                "target"));
    List<String> columns = TargetSchema.apply(last, spec.targetOf(source.name()));
    last.settle();
    Dataset<Row> settled = last.data();
    // JSON text only where quarantine and exclusions keep it: the staged rows (most of them) never
    // need it.
    Column json = functions.to_json(settled.col(StageColumns.SOURCE));
    Column raw =
        functions.when(
            settled.col(StageColumns.OUTCOME).isNotNull(),
            hasCorrupt ? functions.coalesce(settled.col(LINE), json) : json);
    Dataset<Row> withRaw = settled.withColumn(StageColumns.RAW, raw.cast(DataTypes.StringType));
    if (source.lastUpdated().isPresent()) {
      withRaw =
          withRaw.withColumn(
              StageColumns.LEGACY_UPDATED,
              settled.col(StageColumns.SOURCE).getField(source.lastUpdated().get()));
    }
    Dataset<Row> rows = withRaw.drop(StageColumns.SOURCE, LINE);
    return new Compiled(
        rows,
        columns,
        TargetSchema.tableSchema(rows.schema(), spec.targetOf(source.name()), columns),
        source.key());
  }

  /** The rows with the empty actions and lossy-change lists the rules add to. */
  static Dataset<Row> withRuleColumns(Dataset<Row> rows) {
    return rows.withColumn(
            StageColumns.ACTIONS,
            functions.array().cast(DataTypes.createArrayType(DataTypes.StringType)))
        .withColumn(
            StageColumns.LOSSY,
            functions.array().cast(DataTypes.createArrayType(DataTypes.StringType)));
  }

  /**
   * The hash of each source row as read (every column but the cohort), recorded by stage as {@link
   * StageColumns#SOURCE_HASH}.
   */
  public static Column sourceHash(Dataset<Row> input) {
    return RowHash.ofColumns(
        input,
        Arrays.stream(input.columns())
            .filter(c -> !c.equals(StageColumns.COHORT) && !c.equals(ParentOutcome.COLUMN))
            .toList());
  }

  /**
   * Whether each key's staged row depends on that key's legacy rows alone: every deduplicate rule
   * is on the source's key and no rule expression adds a window, an aggregate or a subquery of its
   * own. Reconcile then trusts a staged row whose legacy row and values still hash as stage
   * recorded them, and recomputes the rest.
   */
  public boolean rowLocal(Compiled compiled) {
    long dedupOnKey =
        rules.stream()
            .filter(
                r ->
                    r instanceof RuleSpec.Deduplicate d
                        && Set.copyOf(d.key()).equals(Set.copyOf(source.key())))
            .count();
    long dedup = rules.stream().filter(r -> r instanceof RuleSpec.Deduplicate).count();
    int[] found = new int[2];
    walk(compiled.rows().queryExecution().analyzed(), found);
    return dedup == dedupOnKey && found[0] == dedup && found[1] == 0;
  }

  /** Counts Window operators (found[0]) and aggregates or subqueries (found[1]) in {@code plan}. */
  private static void walk(
      org.apache.spark.sql.catalyst.plans.logical.LogicalPlan plan, int[] found) {
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.Window) {
      found[0]++;
    }
    if (plan instanceof org.apache.spark.sql.catalyst.plans.logical.Aggregate
        || !plan.subqueries().isEmpty()) {
      found[1]++;
    }
    scala.collection.JavaConverters.seqAsJavaList(plan.children()).forEach(c -> walk(c, found));
  }

  /**
   * When a rule deduplicates on the source's key, the rows are shuffled by that key before any
   * rule, not at the window after them: the window's partitioning is then already there. Two gains:
   * the raw rows are narrower than the ruled ones (which carry the source row too), and reading and
   * the cohort filter stay a small stage of their own that Spark generates code for. Fused with the
   * rules, that stage's code passes the method size limit LegacyDataSession sets (the JIT's), so it
   * runs without generated code and decodes every column of every source row, even the 99% that
   * another cohort's filter drops (at 5M rows: one cohort's expected rows 9 to 11 s -> 5.5 s; all
   * rows through the rules 83 -> 76 s).
   */
  private Dataset<Row> shuffledForDeduplication(Dataset<Row> input) {
    boolean onKey =
        rules.stream()
            .anyMatch(
                r ->
                    r instanceof RuleSpec.Deduplicate d
                        && Set.copyOf(d.key()).equals(Set.copyOf(source.key())));
    return onKey
        ? input.repartition(
            source.key().stream().map(k -> input.col(Sql.column(k))).toArray(Column[]::new))
        : input;
  }

  private static boolean isRowRule(RuleSpec rule) {
    return rule instanceof RuleSpec.Validate
        || rule instanceof RuleSpec.Exclude
        || rule instanceof RuleSpec.Deduplicate
        || rule instanceof RuleSpec.Flag;
  }

  /** The raw line of a CSV or JSON record that did not parse, kept until the end. */
  private static final String LINE = "_cutover_line";

  static org.apache.spark.sql.types.DataType outcomeType() {
    return new StructType()
        .add("kind", DataTypes.StringType)
        .add("rule", DataTypes.StringType)
        .add("reason", DataTypes.StringType);
  }

  /**
   * A hash of everything that decides the staged rows: the rules, the target schema and checks, the
   * cohort assignment.
   */
  public String rulesHash() {
    return RuleSetFingerprint.of(
        rules,
        spec.targetOf(source.name()),
        spec.cohorts(),
        source.key(),
        spec.audit().placeholders());
  }
}
