package io.cutover.core.spec;

import java.nio.file.Path;

/** Resolves spec paths: URIs and absolute paths as given, relative paths under the work folder. */
record Locations(String workDir) {

  /**
   * A relative work folder made absolute against the directory the command was started in, once,
   * before Spark starts: Delta reads a relative path such as {@code cutover-work/reports/x} as a
   * table name, not a path.
   */
  static String absolute(String workDir) {
    if (workDir == null || Names.hasScheme(workDir)) {
      return workDir;
    }
    return Path.of(workDir).toAbsolutePath().normalize().toString();
  }

  String resolve(String path) {
    if (Names.hasScheme(path) || Path.of(path).isAbsolute()) {
      return path;
    }
    return Path.of(workDir).resolve(path).normalize().toString();
  }
}
