package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** --spec and --work-dir: which migration, and where its files live. */
final class SpecOptions {
  /** What a spec's {@code ${?VAR}} reads: the process environment, or a test's. */
  private final Map<String, String> env;

  SpecOptions(Map<String, String> env) {
    this.env = env;
  }

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "The migration spec (HOCON), e.g. rules/customers.conf.")
  Path spec;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Overrides the spec's work-dir (where relative paths resolve).")
  String workDir;

  MigrationSpec load() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (workDir != null) {
      overrides.put("work-dir", workDir);
    }
    return SpecLoader.load(spec, env, overrides);
  }
}
