package io.cutover.reconcile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The value check's own reading of legacy text, independent of the stage rules: a number in an
 * unambiguous notation (1234.50, 1,234.50, 1.234,50, 12,5, 0,125; spaces and no-break spaces
 * ignored) and a date in an unambiguous shape (yyyy-M-d, yyyyMMdd, d/M/yyyy where the day is over
 * 12, M/d/yyyy where the day is over 12). Anything else, or ambiguous (1,234), is null: not judged.
 * One pass over the characters, where regular expressions took six.
 */
final class StrictReading {
  private static final int SCALE = 10;
  private static final int PRECISION = 38;

  private StrictReading() {}

  /** The exact value as decimal(38,10) (half-up past 10 decimals), or null. */
  static BigDecimal number(String value) {
    if (value == null) {
      return null;
    }
    String v = withoutFinalLineEnd(withoutSpaces(value));
    if (v == null) {
      return null;
    }
    int start = v.startsWith("+") || v.startsWith("-") ? 1 : 0;
    String body = v.substring(start);
    String plain = null;
    if (isDigits(body, 0, body.length())
        || body.indexOf('.') > 0
            && body.indexOf('.') == body.lastIndexOf('.')
            && isDigits(body, 0, body.indexOf('.'))
            && isDigits(body, body.indexOf('.') + 1, body.length())) {
      plain = body;
    } else if (grouped(body, ',', '.')) {
      plain = body.replace(",", "");
    } else if (grouped(body, '.', ',')) {
      plain = body.replace(".", "").replace(',', '.');
    } else if (decimalComma(body)) {
      plain = body.replace(',', '.');
    }
    if (plain == null) {
      return null;
    }
    BigDecimal d = new BigDecimal(v.charAt(0) == '-' ? "-" + plain : plain);
    d = d.setScale(SCALE, RoundingMode.HALF_UP);
    return d.precision() > PRECISION ? null : d;
  }

  /** The calendar date, or null. */
  static LocalDate date(String value) {
    if (value == null) {
      return null;
    }
    String v = trimSpaces(value);
    int[] p;
    if ((p = parts(v, '-', 4, 2, 2)) != null) {
      return of(p[0], p[1], p[2]);
    }
    if (v.length() == 8 && isDigits(v, 0, 8)) {
      return of(
          Integer.parseInt(v.substring(0, 4)),
          Integer.parseInt(v.substring(4, 6)),
          Integer.parseInt(v.substring(6, 8)));
    }
    if ((p = parts(v, '/', 2, 2, 4)) != null) {
      if (p[0] > 12) {
        return of(p[2], p[1], p[0]);
      }
      if (p[1] > 12) {
        return of(p[2], p[0], p[1]);
      }
    }
    return null;
  }

  /**
   * Three digit groups separated by {@code sep}, of 1 to {@code a}, {@code b}, {@code c} digits (a
   * group of 4 must have exactly 4), or null.
   */
  private static int[] parts(String v, char sep, int a, int b, int c) {
    int first = v.indexOf(sep);
    int second = first < 0 ? -1 : v.indexOf(sep, first + 1);
    if (second < 0 || v.indexOf(sep, second + 1) >= 0) {
      return null;
    }
    int[] widths = {a, b, c};
    int[] bounds = {0, first, first + 1, second, second + 1, v.length()};
    int[] out = new int[3];
    for (int i = 0; i < 3; i++) {
      int from = bounds[2 * i];
      int to = bounds[2 * i + 1];
      int n = to - from;
      boolean fits = widths[i] == 4 ? n == 4 : n >= 1 && n <= widths[i];
      if (!fits || !isDigits(v, from, to)) {
        return null;
      }
      out[i] = Integer.parseInt(v.substring(from, to));
    }
    return out;
  }

  private static LocalDate of(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * 1 to 3 digits, then groups of {@code group} and 3 digits, then either {@code decimal} and
   * digits (one group at least) or nothing (two groups at least).
   */
  private static boolean grouped(String body, char group, char decimal) {
    int point = body.indexOf(decimal);
    if (point >= 0
        && (body.lastIndexOf(decimal) != point || !isDigits(body, point + 1, body.length()))) {
      return false;
    }
    String whole = point < 0 ? body : body.substring(0, point);
    String[] groups = whole.split(java.util.regex.Pattern.quote(String.valueOf(group)), -1);
    if (groups.length < (point < 0 ? 3 : 2)
        || groups[0].length() < 1
        || groups[0].length() > 3
        || !isDigits(groups[0], 0, groups[0].length())) {
      return false;
    }
    for (int i = 1; i < groups.length; i++) {
      if (groups[i].length() != 3 || !isDigits(groups[i], 0, 3)) {
        return false;
      }
    }
    return true;
  }

  /** Digits, a comma and 1 or 2 digits; or 0, a comma and digits. */
  private static boolean decimalComma(String body) {
    int comma = body.indexOf(',');
    if (comma < 1 || body.lastIndexOf(',') != comma) {
      return false;
    }
    int decimals = body.length() - comma - 1;
    boolean digits = isDigits(body, 0, comma) && isDigits(body, comma + 1, body.length());
    return digits
        && (decimals >= 1 && decimals <= 2
            || decimals >= 1 && body.substring(0, comma).equals("0"));
  }

  private static boolean isDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String withoutSpaces(String value) {
    if (value.indexOf(' ') < 0 && value.indexOf('\u00A0') < 0 && value.indexOf('\u202F') < 0) {
      return value;
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ' ' && c != '\u00A0' && c != '\u202F') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * One line end may end a number, as a regular expression's {@code $} allows and a cast to decimal
   * trims; a Unicode line end is not trimmed by the cast (null).
   */
  private static String withoutFinalLineEnd(String v) {
    if (v.endsWith("\r\n")) {
      return v.substring(0, v.length() - 2);
    }
    char last = v.isEmpty() ? 'x' : v.charAt(v.length() - 1);
    if (last == '\n' || last == '\r') {
      return v.substring(0, v.length() - 1);
    }
    return "\u0085\u2028\u2029".indexOf(last) >= 0 ? null : v;
  }

  /** Spark's trim: spaces only. */
  private static String trimSpaces(String value) {
    int from = 0;
    int to = value.length();
    while (from < to && value.charAt(from) == ' ') {
      from++;
    }
    while (to > from && value.charAt(to - 1) == ' ') {
      to--;
    }
    return value.substring(from, to);
  }
}
