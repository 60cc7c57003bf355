package io.cutover.core.rules;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Date patterns as Spark parses them, each guarded by a regex of its shape: a failed parse costs an
 * exception per value, so to_date/to_timestamp only see values that already look like the pattern.
 */
public final class DatePatterns {
  /** Formats a legacy date column commonly mixes; day-first where ambiguous. */
  public static final List<String> COMMON =
      List.of(
          "yyyy-M-d",
          "d/M/yyyy",
          "d MMM yyyy",
          "yyyy/M/d",
          "d.M.yyyy",
          "yyyy-M-d H:m:s",
          "yyyy-M-d'T'H:m:s");

  private DatePatterns() {}

  /** Empty when Java (and so Spark) accepts the pattern, else why not. */
  public static Optional<String> check(String pattern) {
    try {
      DateTimeFormatter.ofPattern(pattern);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("'" + pattern + "' is not a date pattern: " + e.getMessage());
    }
  }

  /**
   * A regex matching the text shapes {@code pattern} can parse (digits for numbers, letters for
   * month names).
   */
  public static String shape(String pattern) {
    StringBuilder out = new StringBuilder("^");
    int i = 0;
    while (i < pattern.length()) {
      char ch = pattern.charAt(i);
      if (ch == '\'') {
        int end = pattern.indexOf('\'', i + 1);
        String literal = end < 0 ? pattern.substring(i + 1) : pattern.substring(i + 1, end);
        out.append(quote(literal.isEmpty() ? "'" : literal));
        i = end < 0 ? pattern.length() : end + 1;
        continue;
      }
      int run = 1;
      while (i + run < pattern.length() && pattern.charAt(i + run) == ch) {
        run++;
      }
      out.append(token(ch, run));
      i += run;
    }
    return out.append("$").toString();
  }

  private static String token(char letter, int run) {
    return switch (letter) {
      case 'y', 'u' -> run == 2 ? "[0-9]{2}" : "[0-9]{4}";
      case 'M', 'L' -> run >= 4 ? "[A-Za-z]+" : run == 3 ? "[A-Za-z]{3}" : "[0-9]{1,2}";
      case 'd', 'H', 'h', 'm', 's', 'k', 'K' -> "[0-9]{1,2}";
      case 'S' -> "[0-9]{1," + run + "}";
      case 'E' -> "[A-Za-z]+";
      case 'a' -> "[AaPp][Mm]";
      case 'X', 'x', 'Z', 'O', 'V', 'z' -> "[A-Za-z0-9:+-]+";
      default ->
          Character.isLetter(letter) ? "\\p{Alnum}+" : quote(String.valueOf(letter).repeat(run));
    };
  }

  private static String quote(String literal) {
    return literal
        .chars()
        .mapToObj(
            c ->
                Character.isLetterOrDigit(c) || c == ' '
                    ? String.valueOf((char) c)
                    : "\\" + (char) c)
        .collect(Collectors.joining());
  }

  /**
   * SQL: the date {@code column} parses to under the first pattern whose shape it has, else null.
   */
  public static String parseSql(String column, List<String> patterns, String function) {
    StringBuilder sql = new StringBuilder("CASE");
    for (String p : patterns) {
      sql.append(" WHEN ")
          .append(column)
          .append(" RLIKE ")
          .append(Sql.literal(shape(p)))
          .append(" THEN ")
          .append(function)
          .append("(")
          .append(column)
          .append(", ")
          .append(Sql.literal(p))
          .append(")");
    }
    return sql.append(" END").toString();
  }
}
