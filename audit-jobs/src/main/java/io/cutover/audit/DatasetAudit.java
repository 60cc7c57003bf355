package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.privacy.Masking;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.AuditSpec;
import io.cutover.core.spec.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Profiles one legacy dataset and finds its zombie and corrupted columns and duplicate keys. Cost:
 * a 2,000-row sample, one grouped scan of the columns with few values in it, one full scan for
 * every other metric (Deequ), a grouped scan for value counts the sample missed (none when it
 * guessed right), one grouped scan of the key, a scan of phone and country per phone column when
 * the dataset has a country column ({@link PhoneCountryAudit}), and a short limited scan per
 * finding for examples; a CSV or JSON source with unparseable lines is read again as text to locate
 * them (see {@link UnparseableLines}). Arrays, maps and binaries are profiled in the same scan from
 * values derived in its projection (sizes, lengths). A failure stops only this dataset: it is
 * reported with the column being profiled, or the first that fails on its own (a probe per column,
 * run only after a failure).
 */
final class DatasetAudit {
  private static final int EXAMPLES = 3;

  private final SourceSpec source;
  private final Dataset<Row> data;
  private final AuditSpec audit;
  private final LocalDate today;
  private final Progress progress;
  private final Map<String, String> sourceTypes;
  private final List<StructField> fields = new ArrayList<>();
  private final List<ColumnPlan> plans = new ArrayList<>();

  /**
   * What the audit was doing, and on which column when one at a time, for the message if it fails.
   */
  private String stage = "starting";

  private String column;

  /**
   * {@code sourceTypes}: the database's names of column types that are not plain ({@link
   * SourceColumnTypes}).
   */
  DatasetAudit(
      SourceSpec source,
      Dataset<Row> data,
      AuditSpec audit,
      LocalDate today,
      Progress progress,
      Map<String, String> sourceTypes) {
    this.source = source;
    this.data = data;
    this.audit = audit;
    this.today = today;
    this.progress = progress;
    this.sourceTypes = sourceTypes;
  }

  /**
   * A profile and findings, or the failure that stopped this dataset's audit (the others go on).
   */
  record Outcome(DatasetProfile profile, List<Finding> findings, FailedDataset failure) {
    boolean failed() {
      return failure != null;
    }
  }

  Outcome run() {
    try {
      return audit();
    } catch (Exception e) {
      // Scala code throws checked exceptions (SparkException) Java does not see declared.
      return new Outcome(null, List.of(), failure(e));
    }
  }

  private Outcome audit() {
    String name = source.name();
    for (StructField f : data.schema().fields()) {
      if (!f.name().equals(SourceReader.CORRUPT_RECORD)) {
        fields.add(f);
      }
    }
    boolean hasCorruptRecord = data.columns().length > fields.size();

    describe(
        name
            + ": recognising emails, phones, dates, numbers and few-valued columns in the first "
            + SemanticDetector.SAMPLE_ROWS
            + " rows");
    FirstRows first = FirstRows.of(data, fields, audit.placeholders());

    for (StructField f : fields) {
      Optional<String> sourceType = Optional.ofNullable(sourceTypes.get(f.name()));
      // A database's JSON column is judged as JSON however few rows it has.
      SemanticType semantic =
          sourceType
              .filter(t -> t.equals("json") || t.equals("jsonb"))
              .map(t -> SemanticType.JSON)
              .orElse(first.semantics().getOrDefault(f.name(), SemanticType.NONE));
      boolean pii =
          source.isPii(f.name()) || ColumnPlan.looksPersonal(f.name(), source.name(), semantic);
      plans.add(
          new ColumnPlan(f.name(), f.dataType(), sourceType, semantic, pii, audit, plans.size()));
    }
    String parsedRows =
        hasCorruptRecord ? Predicates.quote(SourceReader.CORRUPT_RECORD) + " IS NULL" : "true";
    String cutoff = today.minusMonths(audit.abandonedAfterMonths()).toString();
    String recentRows =
        source
            .lastUpdated()
            .map(
                lu -> Predicates.quote(lu) + " >= to_timestamp(" + Predicates.literal(cutoff) + ")")
            .orElse("false");

    LowCardinalityGuess guess =
        LowCardinalityGuess.of(plans, first, audit.histogramMaxCategories());
    describe(
        name
            + ": counting values of "
            + guess.columns().size()
            + " columns that have few values in the first rows");
    ValueCounts early =
        ValueCounts.compute(
            data,
            guess.columns(),
            guess.pairs(),
            parsedRows,
            recentRows,
            LowCardinalityGuess.MAX_JUDGED_VALUES);

    describe(name + ": profiling " + plans.size() + " columns in one scan (Deequ)");
    DeequAnalysis deequ = new DeequAnalysis(withDerived(data, plans));
    String sizeKey = deequ.size();
    String recentKey =
        source.lastUpdated().map(lu -> deequ.compliance("_rows:recent", recentRows)).orElse(null);
    String corruptKey =
        hasCorruptRecord
            ? deequ.compliance(
                "_rows:unparseable", Predicates.quote(SourceReader.CORRUPT_RECORD) + " IS NOT NULL")
            : null;
    // A string column with exact value counts is judged once per value, and the scan does not read
    // it.
    ColumnMetrics perRow = new ScanMetrics(deequ, parsedRows, recentRows);
    ValueCountMetrics perValue = new ValueCountMetrics();
    plans.forEach(
        p ->
            p.addTo(
                deequ,
                p.kind == ColumnPlan.Kind.STRING && early.has(p.name) ? perValue : perRow,
                audit,
                source.lastUpdated(),
                parsedRows));
    DeequMetrics scanned = deequ.run();
    describe(name + ": judging the values of low-cardinality text columns");
    DeequMetrics metrics = scanned.plus(perValue.compute(data.sparkSession(), early));
    long rows = metrics.value(sizeKey).map(Double::longValue).orElse(0L);

    List<String> lowCardinality =
        plans.stream()
            .filter(p -> p.kind.plain())
            .filter(
                p ->
                    metrics.value(p.keys.get("approx_distinct")).orElse(Double.MAX_VALUE)
                        <= audit.histogramMaxCategories())
            .map(p -> p.name)
            .toList();
    List<List<String>> pairs = shadowCandidates(plans, metrics, lowCardinality, rows);
    ValueCounts values =
        early
            .plus(countMissed(lowCardinality, pairs, early, parsedRows, recentRows))
            .only(lowCardinality, pairs);

    ValueCounts allCounts = early.plus(values);
    describe(name + ": fetching examples of the findings");
    ColumnFindings columnFindings =
        new ColumnFindings(
            source,
            audit,
            rows,
            metrics.value(recentKey == null ? "" : recentKey).map(f -> Math.round(f * rows)));
    List<ColumnProfile> profiles = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (ColumnPlan plan : plans) {
      column = plan.name;
      ColumnProfile profile = profile(plan, metrics, values, rows, audit.placeholders());
      profiles.add(profile);
      TypeFindings.of(plan, profile, metrics, rows)
          .ifPresent(draft -> findings.add(draft.toFinding(name, plan.name, List.of())));
      for (ColumnFindings.Draft found :
          columnFindings.of(plan, profile, metrics, values, allCounts)) {
        ColumnFindings.Draft draft = found;
        if (draft.type().equals("thousands-separator")) {
          describe(name + ": trying the suggested cast on " + plan.name);
          long notNumbers =
              plan.keys.containsKey("wrong-type")
                  ? metrics.count(plan.keys.get("wrong-type"), rows)
                  : 0;
          draft =
              SeparatorAdvice.advise(
                  draft, meaningful(plan, parsedRows), plan, notNumbers, audit.placeholders());
        }
        findings.add(draft.toFinding(name, plan.name, examples(plan, draft.predicate())));
      }
    }
    List<ColumnPlan> phones = plans.stream().filter(p -> p.semantic == SemanticType.PHONE).toList();
    Optional<String> country =
        phones.isEmpty()
            ? Optional.empty()
            : PhoneCountryAudit.countryColumn(plans, values, audit.placeholders());
    if (country.isPresent()) {
      // Invalid phones are read with the row's country too, not with a guessed default region.
      findings.replaceAll(
          f ->
              !f.type().equals("invalid-phone")
                  ? f
                  : new Finding(
                      f.dataset(),
                      f.column(),
                      f.category(),
                      f.type(),
                      f.severity(),
                      f.message(),
                      f.evidence(),
                      f.examples(),
                      SuggestedRules.normalizePhone(f.column(), country.get())));
      findings.addAll(phonesAgainstCountry(phones, country.get(), parsedRows));
    }
    // Every suggestion that changes values is tried on them before it is offered, against the
    // values all the findings of its column that suggest it count.
    Map<String, Long> counted = new java.util.HashMap<>();
    findings.forEach(
        f ->
            counted.merge(
                f.column() + "\u0000" + f.suggestedRule(), SuggestionTrial.rows(f), Long::sum));
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Optional<ColumnPlan> plan = plans.stream().filter(p -> p.name.equals(f.column())).findFirst();
      if (plan.isPresent() && f.suggestedRule().startsWith("{")) {
        column = f.column();
        describe(name + ": trying the suggested rule on " + f.column());
        findings.set(
            i,
            SuggestionTrial.tried(
                f,
                counted.get(f.column() + "\u0000" + f.suggestedRule()),
                meaningful(plan.get(), parsedRows),
                plan.get(),
                audit.placeholders(),
                fewValues(profiles, f.column())));
      }
    }
    column = null;
    shadows(pairs, values, rows).forEach(findings::add);
    long unparseable = corruptKey == null ? 0 : metrics.count(corruptKey, rows);
    if (unparseable > 0) {
      findings.add(unparseableLines(unparseable, rows));
    }
    duplicateKeys(rows).ifPresent(findings::add);
    List<AlmostKeyCheck.Candidate> nearlyUnique =
        AlmostKeyCheck.candidates(source, plans, metrics, rows);
    if (!nearlyUnique.isEmpty()) {
      describe(
          name
              + ": looking for repeated values in "
              + nearlyUnique.size()
              + " nearly unique columns");
      findings.addAll(
          new AlmostKeyCheck(source, data, audit.placeholders()).run(nearlyUnique, parsedRows));
    }
    List<String[]> dependencies = FunctionalDependencyCheck.candidates(source, plans);
    if (!dependencies.isEmpty()) {
      describe(
          name + ": checking " + dependencies.size() + " column dependencies (postcode -> state)");
      findings.addAll(new FunctionalDependencyCheck(source, data).run(dependencies, parsedRows));
    }
    metrics
        .failures()
        .forEach(
            (key, message) -> {
              if (!key.startsWith("min")
                  && !key.startsWith("max")
                  && !key.startsWith("mean")
                  && !key.startsWith("stddev")) {
                findings.add(
                    new Finding(
                        name,
                        key,
                        Category.CORRUPT,
                        "metric-failed",
                        Severity.LOW,
                        "Deequ could not compute " + key + ": " + message,
                        Map.of(),
                        List.of(),
                        ""));
              }
            });
    DatasetProfile profile =
        new DatasetProfile(
            name, source.format(), location(), rows, unparseable, source.key(), profiles);
    return new Outcome(profile, findings, null);
  }

  /**
   * The data with the values derived from its columns (sizes, lengths) that the scan profiles:
   * computed in its projection.
   */
  private static Dataset<Row> withDerived(Dataset<Row> data, List<ColumnPlan> plans) {
    List<Column> columns = new ArrayList<>();
    columns.add(functions.col("*"));
    plans.forEach(
        p -> p.derived.forEach((alias, sql) -> columns.add(functions.expr(sql).as(alias))));
    return columns.size() == 1 ? data : data.select(columns.toArray(Column[]::new));
  }

  /**
   * What stopped the audit of this dataset, naming the column: the one being worked on, or else the
   * first whose values cannot be read or profiled on their own (a probe per column, run only after
   * a failure). None is named when the rows themselves cannot be read.
   */
  private FailedDataset failure(Exception e) {
    String failedStage = stage;
    String failedColumn = column != null ? column : culprit();
    String type =
        fields.stream()
            .filter(f -> f.name().equals(failedColumn))
            .map(
                f ->
                    f.dataType().simpleString()
                        + Optional.ofNullable(sourceTypes.get(f.name()))
                            .map(t -> ", database type " + t)
                            .orElse(""))
            .findFirst()
            .orElse(null);
    return new FailedDataset(
        source.name(), failedColumn, type, failedStage, FailedDataset.message(e));
  }

  private String culprit() {
    describe(source.name() + ": looking for the column that failed");
    if (!succeeds(data, List.of(functions.count(functions.lit(1))))) {
      return source.isJdbc() ? unreadableDatabaseColumn() : null;
    }
    for (StructField f : fields) {
      List<Column> probes = new ArrayList<>();
      probes.add(functions.count(functions.col(Predicates.quote(f.name()))));
      plans.stream()
          .filter(p -> p.name.equals(f.name()))
          .forEach(
              p -> {
                p.derived.values().forEach(sql -> probes.add(functions.max(functions.expr(sql))));
                p.counted
                    .values()
                    .forEach(
                        sql ->
                            probes.add(
                                functions.max(functions.expr("coalesce(" + sql + ", false)"))));
              });
      if (!succeeds(data, probes)) {
        return f.name();
      }
    }
    return null;
  }

  /**
   * A database's rows can fail to read because of one column's values (a numeric NaN has no
   * decimal): each column is read alone, by a query of its own that the failed cache of the whole
   * table does not stand in for. None is named when every column fails (the database is gone).
   */
  private String unreadableDatabaseColumn() {
    Map<String, String> options = new java.util.LinkedHashMap<>(source.options());
    String relation =
        options.containsKey("dbtable")
            ? options.get("dbtable")
            : "(" + options.get("query") + ") cutover_q";
    List.of("dbtable", "query", "partitionColumn", "lowerBound", "upperBound", "numPartitions")
        .forEach(options::remove);
    org.apache.spark.sql.jdbc.JdbcDialect dialect =
        org.apache.spark.sql.jdbc.JdbcDialects.get(options.getOrDefault("url", ""));
    String first = null;
    boolean anyRead = false;
    for (StructField f : fields) {
      String probe =
          "(SELECT " + dialect.quoteIdentifier(f.name()) + " FROM " + relation + ") cutover_probe";
      boolean read;
      try {
        Dataset<Row> column =
            data.sparkSession()
                .read()
                .format("jdbc")
                .options(options)
                .option("dbtable", probe)
                .load();
        read =
            succeeds(column, List.of(functions.count(functions.col(Predicates.quote(f.name())))));
      } catch (Exception e) {
        read = false;
      }
      anyRead |= read;
      if (!read && first == null) {
        first = f.name();
      }
      if (first != null && anyRead) {
        break;
      }
    }
    return anyRead ? first : null;
  }

  private static boolean succeeds(Dataset<Row> data, List<Column> aggregates) {
    try {
      data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
          .first();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * The unparseable lines of a CSV or JSON source, with the first ones' file:line and masked
   * examples.
   */
  private Finding unparseableLines(long unparseable, long rows) {
    describe(source.name() + ": locating " + unparseable + " unparseable lines in the files");
    UnparseableLines.Found found = UnparseableLines.find(source, data);
    String where =
        found.lines().isEmpty()
            ? ""
            : " ("
                + (unparseable > found.lines().size() ? "the first at " : "at ")
                + String.join(", ", found.lines())
                + ")";
    Map<String, Object> evidence = new java.util.LinkedHashMap<>();
    evidence.put("rows", unparseable);
    evidence.put("share", share(unparseable, rows));
    if (!found.lines().isEmpty()) {
      evidence.put("lines", found.lines());
    }
    return new Finding(
        source.name(),
        SourceReader.CORRUPT_RECORD,
        Category.CORRUPT,
        "unparseable-lines",
        Severity.HIGH,
        unparseable
            + " lines could not be split into the file's columns"
            + where
            + "; stage quarantines them with the raw line",
        evidence,
        found.examples(),
        SuggestedRules.quarantineUnparseable());
  }

  /** Phone columns against the dataset's country column. */
  private List<Finding> phonesAgainstCountry(
      List<ColumnPlan> phones, String country, String parsedRows) {
    describe(
        source.name()
            + ": checking "
            + phones.size()
            + " phone columns against the country in "
            + country);
    PhoneCountryAudit check = new PhoneCountryAudit(source.name(), data, parsedRows);
    List<Finding> out = new ArrayList<>();
    phones.forEach(p -> out.addAll(check.of(p, country)));
    return out;
  }

  /**
   * Value counts the guess before the scan missed: columns the scan found low-cardinality, and
   * pairs.
   */
  private ValueCounts countMissed(
      List<String> lowCardinality,
      List<List<String>> pairs,
      ValueCounts early,
      String parsedRows,
      String recentRows) {
    List<String> columns = lowCardinality.stream().filter(c -> !early.has(c)).toList();
    List<List<String>> missedPairs = pairs.stream().filter(p -> !early.hasPair(p)).toList();
    if (columns.isEmpty() && missedPairs.isEmpty()) {
      return ValueCounts.none();
    }
    describe(
        source.name()
            + ": counting values of "
            + columns.size()
            + " more low-cardinality columns and "
            + missedPairs.size()
            + " column pairs");
    return ValueCounts.compute(data, columns, missedPairs, parsedRows, recentRows);
  }

  private String location() {
    return source.isJdbc()
        ? source.options().get("url") + " " + source.options().getOrDefault("dbtable", "(query)")
        : source.path().orElse("");
  }

  private void describe(String stage) {
    this.stage = stage.substring(stage.indexOf(": ") + 2);
    progress.stage(stage);
    data.sparkSession().sparkContext().setJobDescription("audit " + stage);
  }

  private static ColumnProfile profile(
      ColumnPlan plan,
      DeequMetrics m,
      ValueCounts values,
      long rows,
      java.util.Set<String> placeholderValues) {
    Map<String, String> k = plan.keys;
    double completeness = m.value(k.getOrDefault("completeness", "")).orElse(0.0);
    long nonNull = Math.round(completeness * rows);
    long blank = k.containsKey("blank") ? m.count(k.get("blank"), rows) : 0;
    long placeholders = k.containsKey("placeholders") ? m.count(k.get("placeholders"), rows) : 0;
    long distinct =
        values.has(plan.name)
            ? values.distinct(plan.name)
            : m.value(k.getOrDefault("approx_distinct", "")).map(Double::longValue).orElse(0L);
    Map<String, Long> inferred =
        k.containsKey("data_type") ? m.distribution(k.get("data_type")) : Map.of();
    return new ColumnProfile(
        plan.name,
        plan.type.simpleString(),
        plan.semantic.label(),
        plan.pii,
        nonNull,
        completeness,
        distinct,
        blank,
        placeholders,
        nonNull - blank - placeholders,
        inferred,
        plan.pii ? null : m.value(k.getOrDefault("min", "")).orElse(null),
        plan.pii ? null : m.value(k.getOrDefault("max", "")).orElse(null),
        m.value(k.getOrDefault("mean", "")).orElse(null),
        m.value(k.getOrDefault("stddev", "")).orElse(null),
        m.value(k.getOrDefault("min_length", "")).map(Double::intValue).orElse(null),
        m.value(k.getOrDefault("max_length", "")).map(Double::intValue).orElse(null),
        values.has(plan.name)
            ? values.histogram(plan.name, plan.pii, placeholderValues)
            : List.of());
  }

  /**
   * Low-cardinality columns with as many distinct values and non-null rows as another may repeat
   * it.
   */
  private static List<List<String>> shadowCandidates(
      List<ColumnPlan> plans, DeequMetrics m, List<String> lowCardinality, long rows) {
    List<List<String>> pairs = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      for (int j = i + 1; j < plans.size(); j++) {
        ColumnPlan a = plans.get(i);
        ColumnPlan b = plans.get(j);
        if (!lowCardinality.contains(a.name) || !lowCardinality.contains(b.name)) {
          continue;
        }
        double da = m.value(a.keys.get("approx_distinct")).orElse(0.0);
        double db = m.value(b.keys.get("approx_distinct")).orElse(0.0);
        long na = Math.round(m.value(a.keys.get("completeness")).orElse(0.0) * rows);
        long nb = Math.round(m.value(b.keys.get("completeness")).orElse(0.0) * rows);
        if (da >= 2 && da == db && na == nb) {
          pairs.add(List.of(a.name, b.name));
        }
      }
    }
    return pairs;
  }

  /**
   * A pair whose joint values are as few as each column's own is a one-to-one copy: the later
   * column is the shadow.
   */
  /**
   * Evidence first: never a column of the key (a code table's label is one-to-one with its id by
   * design), and only when values repeat (each value on two rows or more on average, 20 rows at
   * least): on a small table where every column is unique, every pair maps one to one and proves
   * nothing.
   */
  private List<Finding> shadows(List<List<String>> pairs, ValueCounts values, long rows) {
    List<Finding> out = new ArrayList<>();
    for (List<String> pair : pairs) {
      String a = pair.get(0);
      String b = pair.get(1);
      long da = values.distinct(a);
      if (source.key().contains(a)
          || source.key().contains(b)
          || rows < RowPatterns.MIN_ROWS
          || da * 2 > rows) {
        continue;
      }
      long joint = values.pairDistinct(a, b);
      if (da >= 2 && values.distinct(b) == da && joint > da) {
        disagreeingTwins(a, b, values).ifPresent(out::add);
        continue;
      }
      if (da >= 2 && values.distinct(b) == da && joint == da) {
        out.add(
            new Finding(
                source.name(),
                b,
                Category.ZOMBIE,
                "shadow",
                Severity.MEDIUM,
                "'"
                    + b
                    + "' repeats '"
                    + a
                    + "' value for value ("
                    + da
                    + " values, one-to-one on every row): keep one of them",
                Map.of("shadow_of", a, "distinct_values", da),
                List.of(),
                SuggestedRules.drop(b, "shadow of " + a)));
      }
    }
    return out;
  }

  /** The most a code and its label may disagree on and still be taken for twins. */
  private static final double TWIN_BREAK_SHARE = 0.05;

  /**
   * A code and its label (status and status_code) of similar names, one to one on nearly every row
   * but not on a few: the rows where the label contradicts the code, counted against the label most
   * rows give each code (and the code most rows give each label).
   */
  private Optional<Finding> disagreeingTwins(String a, String b, ValueCounts values) {
    if (!TwinColumnCheck.similarNames(a, b)) {
      return Optional.empty();
    }
    Map<String, Map<String, Long>> ab = values.pairs(a, b);
    Map<String, Map<String, Long>> ba = new java.util.TreeMap<>();
    ab.forEach(
        (x, ys) ->
            ys.forEach((y, n) -> ba.computeIfAbsent(y, k -> new java.util.TreeMap<>()).put(x, n)));
    long both =
        ab.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    long breaks = Math.max(breaking(ab), breaking(ba));
    if (both < RowPatterns.MIN_ROWS || breaks == 0 || breaks > TWIN_BREAK_SHARE * both) {
      return Optional.empty();
    }
    List<String> examples = new ArrayList<>();
    ab.forEach(
        (x, ys) -> {
          String usual = usual(ys);
          ys.forEach(
              (y, n) -> {
                if (!y.equals(usual) && examples.size() < EXAMPLES) {
                  examples.add(
                      a
                          + "="
                          + x
                          + " with "
                          + b
                          + "="
                          + y
                          + " ("
                          + n
                          + " rows; usually "
                          + usual
                          + ")");
                }
              });
        });
    boolean personal = source.isPersonal(a) || source.isPersonal(b);
    Map<String, Object> evidence = new java.util.LinkedHashMap<>();
    evidence.put("rows", breaks);
    evidence.put("twin", a);
    evidence.put("compared", both);
    return Optional.of(
        new Finding(
            source.name(),
            b,
            Category.CORRUPT,
            "twin-columns-disagree",
            Severity.HIGH,
            b
                + " and "
                + a
                + " say the same thing (one to one on most rows) but disagree on "
                + breaks
                + " of "
                + both
                + " rows: decide which one is the truth before they merge into one field",
            evidence,
            personal ? examples.stream().map(Masking::mask).toList() : examples,
            SuggestedRules.rule(
                "type",
                "validate",
                "name",
                b + "-agrees-with-" + a,
                "expression",
                agreement(a, b, ab),
                "reason",
                b + " contradicts " + a)));
  }

  /** SQL true where b is the label most rows give a's code (or either is null). */
  private static String agreement(String a, String b, Map<String, Map<String, Long>> ab) {
    StringBuilder sql =
        new StringBuilder("coalesce(CASE CAST(" + Predicates.quote(a) + " AS STRING)");
    ab.forEach(
        (x, ys) ->
            sql.append(" WHEN ")
                .append(Predicates.literal(x))
                .append(" THEN CAST(")
                .append(Predicates.quote(b))
                .append(" AS STRING) = ")
                .append(Predicates.literal(usual(ys))));
    return sql.append(" ELSE true END, true)").toString();
  }

  /** Rows whose second value is not the one most rows with the same first value hold. */
  private static long breaking(Map<String, Map<String, Long>> pairs) {
    long out = 0;
    for (Map<String, Long> ys : pairs.values()) {
      long all = ys.values().stream().mapToLong(Long::longValue).sum();
      out += all - ys.get(usual(ys));
    }
    return out;
  }

  private static String usual(Map<String, Long> ys) {
    return ys.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private Optional<Finding> duplicateKeys(long rows) {
    if (source.key().isEmpty()) {
      return Optional.empty();
    }
    describe(source.name() + ": looking for duplicate keys " + source.key());
    Column[] key =
        source.key().stream().map(c -> functions.col(Predicates.quote(c))).toArray(Column[]::new);
    // One shuffle of the key: the duplicated keys are few, kept in memory for the totals and the
    // examples.
    Dataset<Row> duplicated =
        data.groupBy(key)
            .count()
            .filter(functions.col("count").gt(1))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row dup =
          duplicated
              .agg(
                  functions.count(functions.lit(1)),
                  functions.coalesce(functions.sum("count"), functions.lit(0L)))
              .first();
      long keys = dup.getLong(0);
      long affected = dup.getLong(1);
      if (keys == 0) {
        return Optional.empty();
      }
      // A personal key (a social security or phone number) is shown masked, like any personal
      // value.
      boolean personal = source.hasPersonalKey();
      List<String> examples =
          duplicated.select(key).limit(EXAMPLES).collectAsList().stream()
              .map(r -> r.mkString(", "))
              .map(v -> personal ? Masking.mask(v) : v)
              .toList();
      return Optional.of(duplicateKeyFinding(keys, affected, rows, examples));
    } finally {
      duplicated.unpersist();
    }
  }

  private Finding duplicateKeyFinding(long keys, long affected, long rows, List<String> examples) {
    String keyText = String.join(", ", source.key());
    return new Finding(
        source.name(),
        keyText,
        Category.DEPENDENCY,
        "duplicate-key",
        Severity.HIGH,
        keys
            + " key values of ("
            + keyText
            + ") appear more than once, on "
            + affected
            + " rows: the new platform needs one row per key",
        Map.of("keys", keys, "rows", affected, "share", share(affected, rows)),
        examples,
        SuggestedRules.deduplicate(source.key(), source.lastUpdated().orElse(null)));
  }

  /**
   * Whether the column has at most a tenth as many distinct values as rows (by the profile's
   * estimate): its suggestion is then tried once per distinct value.
   */
  private static boolean fewValues(List<ColumnProfile> profiles, String column) {
    return profiles.stream()
        .anyMatch(p -> p.name().equals(column) && p.approxDistinct() * 10 <= p.nonNull());
  }

  /** The parsed rows with a meaningful value of the plan's column. */
  private Dataset<Row> meaningful(ColumnPlan plan, String parsedRows) {
    return data.filter(
        functions.expr(
            "coalesce((" + plan.predicates.meaningful() + ") AND " + parsedRows + ", false)"));
  }

  private List<String> examples(ColumnPlan plan, String predicate) {
    if (predicate == null) {
      return List.of();
    }
    String c = Predicates.quote(plan.name);
    // Bytes are shown as hex, the first 16 of them: a picture's bytes read as text would be noise.
    Column shown =
        plan.kind == ColumnPlan.Kind.BINARY
            ? functions.expr(
                "CASE WHEN length("
                    + c
                    + ") > 16 THEN concat('0x', hex(substr("
                    + c
                    + ", 1, 16)), '... (', length("
                    + c
                    + "), ' bytes)') "
                    + "ELSE concat('0x', hex("
                    + c
                    + ")) END")
            : functions.col(c).cast("string");
    List<Row> rows =
        data.filter(functions.expr("coalesce(" + predicate + ", false)"))
            .select(shown)
            .limit(EXAMPLES)
            .collectAsList();
    return rows.stream()
        .map(r -> r.isNullAt(0) ? ValueCounts.NULL : r.getString(0))
        .map(v -> plan.pii ? Masking.mask(v) : v)
        .toList();
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(1_000_000.0 * part / whole) / 1_000_000.0;
  }
}
