package io.cutover.audit;

import io.cutover.core.run.CutoverException;
import io.cutover.core.run.Progress;
import io.cutover.core.source.SchemaSources;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spark.LegacyDataSession;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Audits the legacy sources of a migration: what is dead (zombie columns), what is broken
 * (corrupted values), and what hangs on what (duplicate keys, orphan and candidate references),
 * with a suggested rule for each.
 *
 * <p>Cost per dataset: a 2,000-row sample, one grouped scan of the columns with few values there
 * (text columns so counted are judged once per value, not per row), one full scan computing every
 * other metric with Deequ, one grouped scan of the key; then one join per reference. Tune with the
 * spec's {@code audit.histogram-max-categories} (how many columns get exact value counts) and
 * Spark's own settings. A database source is queried once: its rows are cached (memory, then local
 * disk) for all of these passes and dropped at the end. A dataset whose audit fails is listed in
 * the result as failed, naming the column, and the others are audited. Writes nothing: {@link
 * AuditReports} and {@link MetricsHistory} turn the result into files and Delta rows.
 */
public final class AuditJob {
  private final SparkSession spark;
  private final MigrationSpec spec;
  private final AuditOptions options;
  private final Progress progress;

  public AuditJob(SparkSession spark, MigrationSpec spec, AuditOptions options, Progress progress) {
    this.spark = spark;
    this.spec = spec;
    this.options = options;
    this.progress = progress;
  }

  public AuditResult run() {
    Instant started = options.now();
    SparkSession session = LegacyDataSession.cloneOf(spark);
    progress.stage("reading the database catalogs of the JDBC sources");
    SchemaSources.Expanded expanded = SchemaSources.expand(spec.sources());
    Map<String, SourceSpec> chosen = chosenSources(expanded.sources());
    Map<String, SchemaSources.TableOf> tables = new LinkedHashMap<>(expanded.tables());
    tables.keySet().retainAll(chosen.keySet());
    Map<String, Dataset<Row>> data = new LinkedHashMap<>();
    SourceReader reader = new SourceReader(session);
    try {
      for (SourceSpec source : chosen.values()) {
        progress.stage(source.name() + ": opening " + source.format() + " source");
        // A database is read once and kept for the audit's passes: one query on the legacy system
        // instead
        // of one per pass, and every number from the same rows even while it takes writes. Files
        // are read
        // again per pass, which costs less than caching them.
        Dataset<Row> rows = reader.read(source);
        data.put(
            source.name(), source.isJdbc() ? rows.persist(StorageLevel.MEMORY_AND_DISK()) : rows);
      }
      return audit(session, chosen, data, tables, started);
    } finally {
      data.values().forEach(Dataset::unpersist);
    }
  }

  private AuditResult audit(
      SparkSession session,
      Map<String, SourceSpec> chosen,
      Map<String, Dataset<Row>> data,
      Map<String, SchemaSources.TableOf> tables,
      Instant started) {
    LocalDate today = LocalDate.ofInstant(options.now(), ZoneOffset.UTC);
    List<DatasetProfile> profiles = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<FailedDataset> failed = new ArrayList<>();
    Map<String, SourceSpec> audited = new LinkedHashMap<>();
    Map<String, Dataset<Row>> auditedData = new LinkedHashMap<>();
    for (SourceSpec source : chosen.values()) {
      Dataset<Row> rows = data.get(source.name());
      DatasetAudit.Outcome outcome =
          new DatasetAudit(
                  source, rows, spec.audit(), today, progress, SourceColumnTypes.of(source))
              .run();
      if (outcome.failed()) {
        progress.stage(outcome.failure().describe());
        failed.add(outcome.failure());
        continue;
      }
      profiles.add(outcome.profile());
      findings.addAll(outcome.findings());
      audited.put(source.name(), source);
      auditedData.put(source.name(), rows);
      progress.stage(
          source.name()
              + ": row patterns (credentials, amounts, date order, twin columns, text shape)");
      findings.addAll(new RowPatterns(source, rows, spec.audit().placeholders()).run());
    }
    // References are checked between the datasets that could be audited.
    findings.addAll(new DependencyAudit(audited, auditedData, progress).run());
    findings.addAll(withProfiles(new SchemaAudit(tables, auditedData, progress).run(), findings));
    AuditResult draft =
        new AuditResult(
            options.runId(),
            spec.name(),
            spec.hash(),
            started,
            Instant.now(),
            profiles,
            findings,
            List.of(),
            failed);
    progress.stage("comparing with the previous audit");
    List<MetricShift> shifts =
        shifts(draft, new MetricsHistory(session, metricsPath(spec)).previous(spec.name()));
    return new AuditResult(
        draft.runId(),
        draft.migration(),
        draft.specHash(),
        started,
        Instant.now(),
        profiles,
        findings,
        shifts,
        failed);
  }

  /**
   * The catalog's findings on column types, each folded into the profile's type finding of the same
   * column when there is one: one finding per column, with the profile's numbers and the catalog's
   * rule. Removes the folded profile findings from {@code profiled}.
   */
  static List<Finding> withProfiles(List<Finding> schema, List<Finding> profiled) {
    List<Finding> out = new ArrayList<>();
    for (Finding s : schema) {
      java.util.Optional<Finding> p =
          s.category() != Category.TYPE
              ? java.util.Optional.empty()
              : profiled.stream()
                  .filter(
                      f ->
                          f.category() == Category.TYPE
                              && f.dataset().equals(s.dataset())
                              && f.column().equals(s.column()))
                  .findFirst();
      if (p.isEmpty()) {
        out.add(s);
        continue;
      }
      profiled.remove(p.get());
      Map<String, Object> evidence = new LinkedHashMap<>(p.get().evidence());
      s.evidence().forEach(evidence::putIfAbsent);
      Severity severity =
          p.get().severity().compareTo(s.severity()) <= 0 ? p.get().severity() : s.severity();
      out.add(
          new Finding(
              p.get().dataset(),
              p.get().column(),
              Category.TYPE,
              p.get().type(),
              severity,
              p.get().message() + "; " + s.message(),
              evidence,
              p.get().examples(),
              s.suggestedRule().isEmpty() ? p.get().suggestedRule() : s.suggestedRule()));
    }
    return out;
  }

  /** Where the metrics history of a migration lives. */
  public static String metricsPath(MigrationSpec spec) {
    return spec.reportsPath() + "/audit-metrics";
  }

  private Map<String, SourceSpec> chosenSources(Map<String, SourceSpec> sources) {
    if (options.datasets().isEmpty()) {
      return sources;
    }
    Map<String, SourceSpec> out = new LinkedHashMap<>();
    for (String name : options.datasets()) {
      SourceSpec source = sources.get(name);
      if (source == null) {
        throw CutoverException.badInput(
            "No source '"
                + name
                + "' in "
                + spec.file()
                + "; declared are: "
                + String.join(", ", sources.keySet()));
      }
      out.put(name, source);
    }
    return out;
  }

  private List<MetricShift> shifts(AuditResult current, MetricsHistory.Previous previous) {
    List<MetricShift> out = new ArrayList<>();
    if (previous.runId() == null) {
      return out;
    }
    MetricsHistory.metrics(current)
        .forEach(
            (key, value) -> {
              Double before = previous.values().get(key);
              if (before == null) {
                return;
              }
              double change =
                  before == 0
                      ? (value == 0 ? 0 : Double.POSITIVE_INFINITY)
                      : Math.abs(value - before) / Math.abs(before);
              if (change > spec.audit().driftShare()) {
                String[] parts = key.split("\u0001", 3);
                out.add(
                    new MetricShift(parts[0], parts[1], parts[2], before, value, previous.runId()));
              }
            });
    return out;
  }
}
