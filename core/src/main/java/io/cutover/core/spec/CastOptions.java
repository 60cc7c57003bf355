package io.cutover.core.spec;

import com.typesafe.config.ConfigValueType;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys of a cast rule that say how text is read as a number or a date, each checked with its
 * file:line.
 */
final class CastOptions {
  static final String NBSP = "\u00A0";
  static final String NARROW_NBSP = "\u202F";

  /**
   * Grouping separators a cast reads ("" for none): comma, dot, the spaces, apostrophes,
   * underscore.
   */
  static final Set<String> GROUPING =
      Set.of("", ",", ".", " ", NBSP, NARROW_NBSP, "'", "\u2019", "_");

  static final Set<String> DECIMAL = Set.of(".", ",");

  /**
   * {@code separators = auto}: the conventions legacy exports commonly use; a value two of them
   * read differently is ambiguous.
   */
  static final List<RuleSpec.Separators> AUTO =
      List.of(
          new RuleSpec.Separators(",", "."),
          new RuleSpec.Separators(".", ","),
          new RuleSpec.Separators(" ", ","),
          new RuleSpec.Separators(NBSP, ","),
          new RuleSpec.Separators(NARROW_NBSP, ","),
          new RuleSpec.Separators(" ", "."),
          new RuleSpec.Separators("'", "."),
          new RuleSpec.Separators("\u2019", "."));

  private CastOptions() {}

  static RuleSpec.Numbers numbers(SpecNode n) {
    List<String> given =
        Arrays.asList("separators", "locale", "grouping-separator").stream()
            .filter(n::has)
            .toList();
    if (given.size() > 1) {
      n.problem(
          given.get(1),
          "give one of 'separators', 'locale' or 'grouping-separator'/'decimal-separator', not "
              + given);
    }
    if (n.has("decimal-separator") && (n.has("separators") || n.has("locale"))) {
      n.problem(
          "decimal-separator",
          "'decimal-separator' goes with 'grouping-separator'; with 'separators' or 'locale' the decimal separator is part of each convention");
    }
    RuleSpec.Rounding rounding = rounding(n);
    if (n.has("separators")) {
      return separators(n, rounding);
    }
    if (n.has("locale")) {
      return new RuleSpec.Numbers(locale(n), false, rounding);
    }
    String grouping = separator(n, "grouping-separator", "", GROUPING);
    String decimal = separator(n, "decimal-separator", ".", DECIMAL);
    if (grouping.equals(decimal)) {
      n.problem("grouping-separator", "the grouping and decimal separators must differ");
    }
    return new RuleSpec.Numbers(
        List.of(new RuleSpec.Separators(grouping, decimal)), false, rounding);
  }

  private static RuleSpec.Numbers separators(SpecNode n, RuleSpec.Rounding rounding) {
    if (n.typeOf("separators") != ConfigValueType.LIST) {
      String v = n.string("separators", "");
      if (!v.equalsIgnoreCase("auto")) {
        n.problem(
            "separators",
            "expected 'auto' or a list such as [{grouping = \",\", decimal = \".\"}, {grouping = \".\", decimal = \",\"}], got '"
                + v
                + "'");
      }
      return new RuleSpec.Numbers(AUTO, true, rounding);
    }
    List<RuleSpec.Separators> out = new ArrayList<>();
    for (SpecNode s : n.objects("separators")) {
      s.allowOnly("grouping", "decimal");
      String grouping = separator(s, "grouping", "", GROUPING);
      String decimal = separator(s, "decimal", ".", DECIMAL);
      if (grouping.equals(decimal)) {
        s.problem("grouping", "the grouping and decimal separators must differ");
      }
      out.add(new RuleSpec.Separators(grouping, decimal));
    }
    if (out.isEmpty()) {
      n.problem(
          "separators", "the list is empty: give at least one {grouping = ..., decimal = ...}");
    }
    return new RuleSpec.Numbers(out.stream().distinct().toList(), false, rounding);
  }

  /**
   * The conventions of a locale as Java's CLDR data has them; a space-like grouping separator
   * accepts every space.
   */
  private static List<RuleSpec.Separators> locale(SpecNode n) {
    String tag = n.string("locale", "");
    Locale locale = Locale.forLanguageTag(tag);
    Set<String> known =
        Arrays.stream(Locale.getAvailableLocales())
            .map(Locale::toLanguageTag)
            .collect(Collectors.toSet());
    if (tag.isBlank()
        || locale.getLanguage().isEmpty()
        || !known.contains(locale.toLanguageTag())) {
      String near = SpecNode.nearest(tag, known).map(k -> "; did you mean '" + k + "'?").orElse("");
      n.problem(
          "locale",
          "'"
              + tag
              + "' is not a locale Java knows: use a BCP 47 tag such as en-US, de-DE, fr-FR"
              + near);
      return List.of(new RuleSpec.Separators("", "."));
    }
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(locale);
    String grouping = String.valueOf(symbols.getGroupingSeparator());
    String decimal = String.valueOf(symbols.getDecimalSeparator());
    if (!GROUPING.contains(grouping) || !DECIMAL.contains(decimal)) {
      n.problem(
          "locale",
          "locale "
              + tag
              + " writes numbers with grouping '"
              + grouping
              + "' and decimal '"
              + decimal
              + "', which a cast does not read: give 'separators' instead");
      return List.of(new RuleSpec.Separators("", "."));
    }
    if (Character.isSpaceChar(grouping.charAt(0))) {
      return List.of(
          new RuleSpec.Separators(" ", decimal),
          new RuleSpec.Separators(NBSP, decimal),
          new RuleSpec.Separators(NARROW_NBSP, decimal));
    }
    return List.of(new RuleSpec.Separators(grouping, decimal));
  }

  private static String separator(SpecNode n, String key, String fallback, Set<String> allowed) {
    String v = n.string(key, fallback);
    if (!allowed.contains(v)) {
      n.problem(
          key,
          "'"
              + v
              + "' is not a "
              + key.replace("-separator", "")
              + " separator a cast reads; use one of "
              + new TreeSet<>(allowed)
                  .stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")));
      return fallback;
    }
    return v;
  }

  private static RuleSpec.Rounding rounding(SpecNode n) {
    if (!n.has("rounding")) {
      return RuleSpec.Rounding.NONE;
    }
    String v = n.choice("rounding", Set.of("none", "half-even"));
    return "half-even".equals(v) ? RuleSpec.Rounding.HALF_EVEN : RuleSpec.Rounding.NONE;
  }

  static RuleSpec.Dates dates(SpecNode n) {
    Optional<Integer> pivot =
        n.has("pivot-year")
            ? Optional.of((int) n.integer("pivot-year", 1950, 1000, 9900))
            : Optional.empty();
    RuleSpec.Prefer prefer = RuleSpec.Prefer.NONE;
    if (n.has("prefer")) {
      String v = n.choice("prefer", Set.of("day-first", "month-first"));
      prefer =
          "month-first".equals(v)
              ? RuleSpec.Prefer.MONTH_FIRST
              : "day-first".equals(v) ? RuleSpec.Prefer.DAY_FIRST : RuleSpec.Prefer.NONE;
    }
    return new RuleSpec.Dates(pivot, prefer);
  }

  /**
   * Records a problem for each of {@code keys} given on a cast whose target is not {@code what}.
   */
  static void onlyFor(SpecNode n, boolean applies, String what, String... keys) {
    if (applies) {
      return;
    }
    for (String key : keys) {
      if (n.has(key)) {
        n.problem(key, "'" + key + "' applies only to a cast to " + what);
      }
    }
  }
}
