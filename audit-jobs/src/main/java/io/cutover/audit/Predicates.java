package io.cutover.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL predicates the audit counts, one column at a time. They are plain SQL so that Deequ's
 * Compliance analyzer evaluates them all in its single scan, and the same text finds examples
 * afterwards.
 */
final class Predicates {
  static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";

  /**
   * An internationalised address (RFC 6531/6532: letters of any script), valid unless it is
   * mojibake of an ASCII one.
   */
  static final String EMAIL_INTERNATIONAL =
      "^[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}$";

  static final String PHONE = "^\\+?[0-9 ().-]{6,24}$";
  static final String NUMBER = "^[+-]?[0-9]+(\\.[0-9]+)?$";

  /**
   * Numbers with separators: comma grouping (1,234.50), dot grouping with a decimal comma
   * (15.526,66), a decimal comma (12,5).
   */
  static final String GROUPED_COMMA = "^[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?$";

  static final String GROUPED_DOT = "^[+-]?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?$";
  static final String DECIMAL_COMMA = "^[+-]?[0-9]+,[0-9]+$";

  /** C0 controls but tab, newline and carriage return, DEL, and the C1 controls U+0080-U+009F. */
  static final String CONTROL = io.cutover.core.rules.Checks.CONTROL;

  /**
   * Date formats a legacy column commonly mixes (day-first where ambiguous), each behind a regex of
   * its shape: a failed parse costs an exception, so to_date only sees values that already look
   * like that format.
   */
  static final Map<String, String> DATE_SHAPES = dateShapes();

  static final List<String> DATE_FORMATS = List.copyOf(DATE_SHAPES.keySet());

  private static Map<String, String> dateShapes() {
    Map<String, String> shapes = new LinkedHashMap<>();
    shapes.put("yyyy-M-d", "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$");
    shapes.put("d/M/yyyy", "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$");
    shapes.put("d MMM yyyy", "^[0-9]{1,2} [A-Za-z]{3} [0-9]{4}$");
    shapes.put("yyyy/M/d", "^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$");
    shapes.put("d.M.yyyy", "^[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}$");
    shapes.put(
        "yyyy-M-d H:m:s", "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}$");
    shapes.put(
        "yyyy-M-d'T'H:m:s", "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}T[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}$");
    // Compact dates (mainframe and COBOL exports, Febrl): eight digits rarely make a valid date by
    // chance, so a
    // column of numbers is only taken for dates when most of its values are real ones.
    shapes.put("yyyyMMdd", "^[0-9]{8}$");
    return Collections.unmodifiableMap(shapes);
  }

  private final String c;
  private final String placeholders;

  Predicates(String column, Set<String> placeholders) {
    this.c = quote(column);
    this.placeholders =
        placeholders.stream()
            .map(p -> p.trim().toLowerCase(Locale.ROOT))
            .filter(p -> !p.isEmpty())
            .distinct()
            .sorted()
            .map(Predicates::literal)
            .collect(Collectors.joining(", "));
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** A SQL string literal holding {@code s} verbatim (Spark unescapes backslashes in literals). */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  String column() {
    return c;
  }

  String blank() {
    return c + " IS NOT NULL AND trim(" + c + ") = ''";
  }

  String placeholder() {
    if (placeholders.isEmpty()) {
      return "false";
    }
    return c
        + " IS NOT NULL AND trim("
        + c
        + ") <> '' AND lower(trim("
        + c
        + ")) IN ("
        + placeholders
        + ")";
  }

  String meaningful() {
    return c + " IS NOT NULL AND NOT (" + blank() + ") AND NOT (" + placeholder() + ")";
  }

  String matches(String regex) {
    return c + " RLIKE " + literal(regex);
  }

  /**
   * UTF-8 read as Latin-1 or Windows-1252, whatever the lead byte ("JosÃ©", "WrocÅ\u0082aw",
   * "â€™"): the same test repair-mojibake applies, so what is counted here is what that rule
   * repairs (see Checks.mojibakeSql).
   */
  String mojibake() {
    return io.cutover.core.rules.Checks.mojibakeSql(c);
  }

  /**
   * Control characters, C1 included; in mojibake a C1 character is a byte of a letter ("Å" + U+0082
   * is "ł"), counted as mojibake only.
   */
  String controlCharacters() {
    return matches(CONTROL) + " AND NOT coalesce(" + mojibake() + ", false)";
  }

  /**
   * JSON text that does not parse: a real value (not JSON's own null) that the JSON path '$' cannot
   * read.
   */
  String invalidJson() {
    return "("
        + meaningful()
        + ") AND lower(trim("
        + c
        + ")) <> 'null' AND get_json_object("
        + c
        + ", '$') IS NULL";
  }

  /** Looks like a JSON object or array: what a column of JSON documents holds. */
  String looksLikeJson() {
    return "substr(ltrim(" + c + "), 1, 1) IN ('{', '[')";
  }

  String padded() {
    return c + " <> trim(" + c + ") AND trim(" + c + ") <> ''";
  }

  String validEmail() {
    return "("
        + matches(EMAIL)
        + " OR "
        + matches(EMAIL_INTERNATIONAL)
        + " AND NOT coalesce("
        + mojibake()
        + ", false))";
  }

  /**
   * Digits are counted as the characters translate() removes: the same count as regexp_replace of
   * non-digits, without a regex.
   */
  String validPhone() {
    return matches(PHONE)
        + " AND length("
        + c
        + ") - length(translate("
        + c
        + ", '0123456789', '')) BETWEEN 7 AND 15";
  }

  String parsedDate() {
    StringBuilder sql = new StringBuilder("CASE");
    DATE_SHAPES.forEach(
        (format, shape) ->
            sql.append(" WHEN ")
                .append(matches(shape))
                .append(" THEN to_date(")
                .append(c)
                .append(", ")
                .append(literal(format))
                .append(")"));
    return sql.append(" END").toString();
  }

  String validDate() {
    return parsedDate() + " IS NOT NULL";
  }

  String validNumber() {
    return matches(NUMBER);
  }

  /**
   * Numbers written with separators in either convention, plain numbers excluded ("1.234" reads as
   * one; the dry run of the suggested cast judges it).
   */
  String thousands() {
    return "("
        + matches(GROUPED_COMMA)
        + " OR "
        + matches(GROUPED_DOT)
        + " OR "
        + matches(DECIMAL_COMMA)
        + ") AND NOT "
        + matches(NUMBER);
  }

  String invalid(SemanticType type) {
    String valid =
        switch (type) {
          case EMAIL -> validEmail();
          case PHONE -> validPhone();
          case DATE -> validDate();
          case NUMBER_TEXT -> validNumber() + " OR " + thousands();
          case NONE -> "true";
          case JSON -> "NOT (" + invalidJson() + ")";
        };
    return "(" + meaningful() + ") AND NOT coalesce(" + valid + ", false)";
  }

  String dateOutOfRange() {
    return "("
        + meaningful()
        + ") AND NOT ("
        + parsedDate()
        + " BETWEEN DATE'1900-01-01' AND current_date())";
  }

  String temporalOutOfRange() {
    return c + " < TIMESTAMP'1900-01-01 00:00:00' OR " + c + " > current_timestamp()";
  }

  /** For numbers stored as text, compare after removing thousands separators. */
  String numberOutOfBounds(Double min, Double max, boolean text) {
    String value =
        text ? "cast(regexp_replace(" + c + ", ',', '') AS DOUBLE)" : "cast(" + c + " AS DOUBLE)";
    StringBuilder p = new StringBuilder(value + " IS NOT NULL AND (false");
    if (min != null) {
      p.append(" OR ").append(value).append(" < ").append(min);
    }
    if (max != null) {
      p.append(" OR ").append(value).append(" > ").append(max);
    }
    return p.append(")").toString();
  }
}
