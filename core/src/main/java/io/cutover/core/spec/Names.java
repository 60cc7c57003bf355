package io.cutover.core.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What counts as a safe identifier, cohort id or path. Values checked here end up in file paths,
 * Delta predicates and SQL, so anything outside these shapes is refused before use.
 */
public final class Names {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern COHORT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:(//)?");

  private Names() {}

  /** Empty when {@code name} is a plain identifier (letters, digits, underscore), else why not. */
  public static Optional<String> checkIdentifier(String name) {
    if (IDENTIFIER.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "'"
            + printable(name)
            + "' is not a valid name: use letters, digits and '_', starting with a letter or '_'");
  }

  /**
   * Column names may come from legacy systems (spaces, dashes) but never quotes, backticks or
   * control characters.
   */
  public static Optional<String> checkColumn(String name) {
    if (name.isEmpty()
        || name.length() > 128
        || name.chars().anyMatch(c -> c < 0x20 || c == '`' || c == '"' || c == '\'' || c == ';')) {
      return Optional.of(
          "'"
              + printable(name)
              + "' is not a usable column name: no quotes, backticks, ';' or control characters, at most 128 characters");
    }
    return Optional.empty();
  }

  public static Optional<String> checkCohortId(String id) {
    if (COHORT.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "cohort id '"
            + printable(id)
            + "' is not valid: use letters, digits, '-' and '_' (at most 63), e.g. c00");
  }

  /**
   * Paths may be local or URIs (s3a://, hdfs://) but never climb out with '..' or carry control
   * characters.
   */
  public static Optional<String> checkPath(String path) {
    if (path.isBlank()) {
      return Optional.of("path is empty");
    }
    if (path.chars().anyMatch(c -> c < 0x20)) {
      return Optional.of("path contains control characters");
    }
    String rest = SCHEME.matcher(path).replaceFirst("");
    for (String segment : rest.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return Optional.of(
            "path '" + printable(path) + "' contains '..': give a path without parent references");
      }
    }
    return Optional.empty();
  }

  static boolean hasScheme(String path) {
    return SCHEME.matcher(path).find() && !path.matches("^[A-Za-z]:\\\\.*");
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
