package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * The case and shape of text columns: every value upper-case (names and emails shouted by an old
 * terminal), every email on one domain (placeholder addresses nobody reads), every phone with one
 * prefix, and digit codes with leading zeros that a cast to a number would destroy (postcodes, ids
 * kept as text).
 */
final class TextShapeCheck implements RowPatterns.Check {
  private static final int PER_COLUMN = 10;

  private final SourceSpec source;
  private final List<String> columns = new ArrayList<>();

  /**
   * The sub-checks the first rows rule out, per column: all-upper-case by a lettered value that is
   * not upper-case, leading-zeros by a value that is not digits, constant-prefix and
   * constant-email-domain by two different prefixes or domains (all exact: the first rows are rows
   * of the dataset); the email checks also when the first rows hold values but no address (a column
   * of 90% addresses whose first rows hold none is not looked for).
   */
  private final Set<String> noUpper = new HashSet<>();

  private final Set<String> noDigits = new HashSet<>();
  private final Set<String> noPrefix = new HashSet<>();
  private final Set<String> noDomain = new HashSet<>();
  private final Set<String> noEmail = new HashSet<>();

  TextShapeCheck(SourceSpec source, StructType schema) {
    this.source = source;
    columns.addAll(RowPatterns.textColumns(schema, source));
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      Column v = RowPatterns.col(c);
      Column present = v.isNotNull().and(functions.trim(v).notEqual(""));
      Column lettered = v.rlike("\\p{L}");
      Column domain =
          functions.when(v.contains("@"), functions.lower(functions.substring_index(v, "@", -1)));
      Column digits = functions.regexp_replace(v, "[^0-9+]", "");
      boolean upper = !noUpper.contains(c);
      boolean digitCodes = !noDigits.contains(c);
      boolean domains = !noDomain.contains(c) && !noEmail.contains(c);
      out.add(upper ? RowPatterns.countIf(present.and(lettered)) : ZERO);
      out.add(
          upper
              ? RowPatterns.countIf(present.and(lettered).and(v.equalTo(functions.upper(v))))
              : ZERO);
      out.add(RowPatterns.countIf(present.and(v.contains("@"))));
      out.add(domains ? functions.min(domain) : NO_TEXT);
      out.add(domains ? functions.max(domain) : NO_TEXT);
      out.add(digitCodes ? RowPatterns.countIf(present.and(v.rlike("^[0-9]+$"))) : NONE);
      out.add(digitCodes ? RowPatterns.countIf(present.and(v.rlike("^0[0-9]+$"))) : ZERO);
      out.add(RowPatterns.countIf(present));
      // Words (names, emails): letters and punctuation, no digits; codes such as AB12CD are
      // upper-case by design.
      out.add(
          upper
              ? RowPatterns.countIf(
                  present
                      .and(lettered)
                      .and(functions.length(v).gt(3))
                      .and(v.rlike("\\d").unary_$bang()))
              : ZERO);
      // Mojibake of an ASCII address is no internationalised one (it is repaired or invalid).
      out.add(
          noEmail.contains(c)
              ? ZERO
              : RowPatterns.countIf(
                  present
                      .and(v.contains("@"))
                      .and(v.rlike("[^\\x{00}-\\x{7F}]"))
                      .and(
                          functions.expr(
                              "NOT coalesce("
                                  + io.cutover.core.rules.Checks.mojibakeSql(Predicates.quote(c))
                                  + ", false)"))));
      // The phone prefix is read apart: min and max of the first digits, only for columns named
      // like phones.
      if (phoneLike(c)) {
        boolean prefix = !noPrefix.contains(c);
        out.add(prefix ? functions.min(functions.substring(digits, 1, 4)) : NO_TEXT);
        out.add(prefix ? functions.max(functions.substring(digits, 1, 4)) : NO_TEXT);
      }
    }
    return out;
  }

  private static final Column ZERO = functions.lit(0L);

  /** Never equal to a count of values: rules leading-zeros out. */
  private static final Column NONE = functions.lit(-1L);

  private static final Column NO_TEXT = functions.lit(null).cast("string");

  /** One column's numbers in the scan's result. */
  private record Shape(
      String column,
      long lettered,
      long upper,
      long emails,
      String minDomain,
      String maxDomain,
      long digitOnly,
      long leadingZero,
      long present,
      long words,
      long international,
      String minPrefix,
      String maxPrefix) {}

  private List<Shape> shapes(Row r, int offset) {
    List<Shape> out = new ArrayList<>();
    int at = offset;
    for (String c : columns) {
      boolean phone = phoneLike(c);
      out.add(
          new Shape(
              c,
              RowPatterns.at(r, at),
              RowPatterns.at(r, at + 1),
              RowPatterns.at(r, at + 2),
              text(r, at + 3),
              text(r, at + 4),
              RowPatterns.at(r, at + 5),
              RowPatterns.at(r, at + 6),
              RowPatterns.at(r, at + 7),
              RowPatterns.at(r, at + 8),
              RowPatterns.at(r, at + 9),
              phone ? text(r, at + PER_COLUMN) : null,
              phone ? text(r, at + PER_COLUMN + 1) : null));
      at += PER_COLUMN + (phone ? 2 : 0);
    }
    return out;
  }

  private static String text(Row r, int i) {
    return r.isNullAt(i) ? null : r.getString(i);
  }

  @Override
  public void narrow(Row r, int offset) {
    for (Shape s : shapes(r, offset)) {
      if (s.upper() != s.lettered()) {
        noUpper.add(s.column());
      }
      if (s.digitOnly() != s.present()) {
        noDigits.add(s.column());
      }
      if (s.present() > 0 && s.emails() == 0) {
        noEmail.add(s.column());
      }
      if (s.minDomain() != null && !s.minDomain().equals(s.maxDomain())) {
        noDomain.add(s.column());
      }
      if (s.minPrefix() != null && !s.minPrefix().equals(s.maxPrefix())) {
        noPrefix.add(s.column());
      }
    }
  }

  private static boolean phoneLike(String c) {
    String n = c.toLowerCase(Locale.ROOT);
    return n.contains("phone") || n.contains("mobile") || n.contains("fax") || n.equals("tel");
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    for (Shape s : shapes(r, offset)) {
      String c = s.column();
      long lettered = s.lettered();
      long upper = s.upper();
      long emails = s.emails();
      String minDomain = s.minDomain();
      String maxDomain = s.maxDomain();
      long digitOnly = s.digitOnly();
      long leadingZero = s.leadingZero();
      long present = s.present();
      long words = s.words();
      long international = s.international();
      String minPrefix = s.minPrefix();
      String maxPrefix = s.maxPrefix();
      // Short codes (FR, USD, PG) and codes with digits are upper-case by design: only words count.
      if (lettered >= RowPatterns.MIN_ROWS && upper == lettered && words * 2 >= lettered) {
        boolean email = emails * 10 >= present * 9;
        out.add(
            new Finding(
                source.name(),
                c,
                Category.CORRUPT,
                "all-upper-case",
                Severity.LOW,
                "every one of its "
                    + lettered
                    + " values with letters is upper-case: decide the case the new platform shows"
                    + (email ? " (emails compare case-insensitively: lower-case them)" : ""),
                Map.of("rows", lettered),
                List.of(),
                email
                    ? SuggestedRules.rule("type", "case", "column", c, "to", "lower")
                    : SuggestedRules.rule(
                        "type",
                        "derive",
                        "column",
                        c,
                        "expression",
                        "initcap(" + Predicates.quote(c) + ")")));
      }
      if (international > 0 && emails * 10 >= present * 9) {
        out.add(
            new Finding(
                source.name(),
                c,
                Category.DEPENDENCY,
                "internationalised-email",
                Severity.INFO,
                international
                    + " addresses use letters beyond ASCII (RFC 6531/6532): valid, but check that the new platform and its mail service"
                    + " take them; stage's validate check = email accepts ASCII addresses only",
                Map.of("rows", international),
                List.of(),
                ""));
      }
      if (emails >= RowPatterns.MIN_ROWS
          && emails * 10 >= present * 9
          && minDomain != null
          && minDomain.equals(maxDomain)) {
        out.add(
            new Finding(
                source.name(),
                c,
                Category.ZOMBIE,
                "constant-email-domain",
                Severity.MEDIUM,
                "every one of its "
                    + emails
                    + " addresses is on "
                    + minDomain
                    + ": placeholder addresses, not the customers' own; "
                    + "notices sent there reach nobody",
                Map.of("rows", emails, "domain", minDomain),
                List.of(),
                ""));
      }
      if (minPrefix != null
          && minPrefix.length() >= 3
          && minPrefix.equals(maxPrefix)
          && present >= RowPatterns.MIN_ROWS) {
        out.add(
            new Finding(
                source.name(),
                c,
                Category.ZOMBIE,
                "constant-prefix",
                Severity.INFO,
                "every one of its "
                    + present
                    + " values starts with "
                    + minPrefix
                    + ": a fixed prefix adds no information (or all numbers are one exchange)",
                Map.of("rows", present, "prefix", minPrefix),
                List.of(),
                ""));
      }
      if (present >= RowPatterns.MIN_ROWS && digitOnly == present && leadingZero > 0) {
        out.add(
            new Finding(
                source.name(),
                c,
                Category.DEPENDENCY,
                "leading-zeros",
                Severity.INFO,
                leadingZero
                    + " of its "
                    + present
                    + " digit codes start with 0: keep it as text; a cast to a number would drop the zero",
                Map.of("rows", leadingZero, "digit_values", present),
                List.of(),
                ""));
      }
    }
    return out;
  }
}
