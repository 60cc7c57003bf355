package io.cutover.cli;

import io.cutover.core.rules.RulesAgainstSchema;
import io.cutover.core.run.CutoverException;
import io.cutover.core.source.SourceReader;
import io.cutover.core.source.UnreadableSourceException;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks a spec without starting Spark and prints what it describes (secrets masked). With
 * --sources it also opens every source for its columns only (no data is scanned), reports every
 * source that cannot be opened, and compiles the rules of every staged source against its columns
 * (a rule naming a missing column, a target column list the rules do not produce: exit 2, with
 * file:line). Without --sources the source columns are unknown, so those two are not checked.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a migration spec without reading any data; print what it describes.",
      "With --sources, also open every source (its columns only, no data scanned) and report each one that",
      "cannot be opened: exit 3 if any cannot, 2 if a column the spec or a rule names is missing",
      "or the rules do not produce a staged table's declared target columns."
    })
final class ValidateCommand implements Callable<Integer> {
  @Mixin SpecOptions specOptions;

  @Mixin SparkOptions sparkOptions;

  @Option(
      names = "--sources",
      description =
          "Also open every source (files: metadata or first line; databases: the table's schema) and count its columns.")
  boolean sources;

  @CommandLine.Spec CommandLine.Model.CommandSpec self;

  @Override
  public Integer call() {
    MigrationSpec spec = specOptions.load();
    PrintWriter out = self.commandLine().getOut();
    out.printf(
        "Spec %s is valid: migration '%s', work-dir %s%n",
        spec.file(), spec.name(), spec.workDir());
    for (SourceSpec s : spec.sources().values()) {
      String where =
          s.isSchema()
              ? s.withoutSecrets(s.options().get("url"))
                  + " schema "
                  + s.schema().get()
                  + (s.tables().isEmpty() ? " (every table)" : " " + s.tables())
              : s.isJdbc()
                  ? s.withoutSecrets(s.options().get("url"))
                      + " "
                      + s.options().getOrDefault("dbtable", "(query)")
                  : s.path().orElse("");
      out.printf(
          "  source %-12s %-8s %s key=%s pii=%s%n", s.name(), s.format(), where, s.key(), s.pii());
    }
    out.printf(
        "  cohorts: %d by hash of %s.%s (seed %d): %s ... %s%n",
        spec.cohorts().count(),
        spec.cohorts().source(),
        spec.customers().key(),
        spec.cohorts().seed(),
        spec.cohorts().first(),
        spec.cohorts().id(spec.cohorts().count() - 1));
    for (SourceSpec s : spec.stagedSources()) {
      out.printf(
          "  staged table: %s%s%n",
          spec.targetOf(s.name()).stagedPath(),
          spec.parentOf(s.name())
              .map(
                  r ->
                      " ("
                          + s.name()
                          + "."
                          + r.column()
                          + " -> "
                          + r.to()
                          + ": each row in its "
                          + r.to()
                          + " row's cohort)")
              .orElse(""));
    }
    out.printf("  reports: %s%n", spec.reportsPath());
    out.flush();
    return sources ? openSources(spec, out) : ExitCode.OK.code;
  }

  /** Opens every source, collecting every problem before deciding the exit code. */
  private int openSources(MigrationSpec spec, PrintWriter out) {
    PrintWriter err = self.commandLine().getErr();
    List<CutoverException> problems =
        SparkRun.with(
            "validate",
            spec,
            sparkOptions,
            SparkRun.NO_LEGACY_INPUT,
            spark -> {
              SourceReader reader = new SourceReader(spark);
              java.util.Set<String> staged = new java.util.HashSet<>();
              spec.stagedSources().forEach(s -> staged.add(s.name()));
              List<CutoverException> found = new ArrayList<>();
              for (SourceSpec declared : spec.sources().values()) {
                try {
                  // A whole schema opens as its catalog says, table by table.
                  List<SourceSpec> opened =
                      declared.isSchema()
                          ? io.cutover.core.source.SchemaSources.tablesOf(declared, spec.sources())
                          : List.of(declared);
                  for (SourceSpec s : opened) {
                    StructType schema = reader.schema(s);
                    out.printf("  source %-12s opened: %d columns%n", s.name(), schema.size());
                    if (staged.contains(s.name())) {
                      RulesAgainstSchema.problem(spark, spec, s, schema)
                          .ifPresentOrElse(
                              found::add,
                              () ->
                                  out.printf(
                                      "  source %-12s rules and target columns fit its columns%n",
                                      s.name()));
                    }
                  }
                } catch (CutoverException e) {
                  out.printf("  source %-12s CANNOT BE OPENED%n", declared.name());
                  found.add(e);
                }
              }
              return found;
            });
    out.flush();
    if (problems.isEmpty()) {
      out.printf("All %d sources opened.%n", spec.sources().size());
      out.flush();
      return ExitCode.OK.code;
    }
    problems.forEach(p -> err.println("cutover validate: " + p.getMessage()));
    if (SparkRun.isDemo(spec)
        && problems.stream().anyMatch(p -> p instanceof UnreadableSourceException)) {
      err.println("This is the demo's spec: 'cutover demo' generates its data.");
    }
    err.printf("%d of %d sources have a problem.%n", problems.size(), spec.sources().size());
    err.flush();
    boolean unreadable = problems.stream().anyMatch(p -> p.kind() == CutoverException.Kind.RUNTIME);
    return unreadable ? ExitCode.RUNTIME_FAILURE.code : ExitCode.BAD_USAGE.code;
  }
}
