package io.cutover.core.rules;

/** Quoting for SQL text that Cutover builds from spec values. */
public final class Sql {
  private Sql() {}

  /** A column reference, backtick-quoted so that legacy names with spaces or dashes work. */
  public static String column(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A SQL string literal holding {@code s} verbatim (Spark unescapes backslashes in literals). */
  public static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
