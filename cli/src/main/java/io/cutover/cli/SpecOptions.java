package io.cutover.cli;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** --spec and --work-dir: which migration, and where its files live. */
final class SpecOptions {
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
    return SpecLoader.load(spec, System.getenv(), overrides);
  }
}
