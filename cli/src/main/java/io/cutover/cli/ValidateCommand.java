package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Checks a spec without starting Spark and prints what it describes (secrets masked). */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a migration spec without reading any data; print what it describes.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec self;

    @Override
    public Integer call() {
        MigrationSpec spec = specOptions.load();
        PrintWriter out = self.commandLine().getOut();
        out.printf("Spec %s is valid: migration '%s', work-dir %s%n", spec.file(), spec.name(), spec.workDir());
        for (SourceSpec s : spec.sources().values()) {
            String where = s.isSchema() ? s.options().get("url") + " schema " + s.schema().get() + (s.tables().isEmpty() ? " (every table)" : " " + s.tables())
                    : s.isJdbc() ? s.options().get("url") + " " + s.options().getOrDefault("dbtable", "(query)") : s.path().orElse("");
            out.printf("  source %-12s %-8s %s key=%s pii=%s%n", s.name(), s.format(), where, s.key(), s.pii());
        }
        out.printf("  cohorts: %d by hash of %s.%s (seed %d): %s ... %s%n", spec.cohorts().count(), spec.cohorts().source(),
                spec.customers().key(), spec.cohorts().seed(), spec.cohorts().first(), spec.cohorts().id(spec.cohorts().count() - 1));
        for (SourceSpec s : spec.stagedSources()) {
            out.printf("  staged table: %s%s%n", spec.targetOf(s.name()).stagedPath(), spec.parentOf(s.name())
                    .map(r -> " (" + s.name() + "." + r.column() + " -> " + r.to() + ": each row in its " + r.to() + " row's cohort)").orElse(""));
        }
        out.printf("  reports: %s%n", spec.reportsPath());
        return ExitCode.OK.code;
    }
}
