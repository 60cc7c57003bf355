package io.cutover.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One transform rule of a source, as written in the spec's {@code rules { <source> = [ ... ] }}.
 * Each rule has a name (given, or "type:column") and the file:line it came from, which every later
 * error about it repeats.
 */
public sealed interface RuleSpec {
  String name();

  String origin();

  /**
   * Whether this rule may change {@code column}'s values (a rename names both its ends); rules that
   * keep, drop, route or flag rows never do.
   */
  default boolean mayChange(String column) {
    if (this instanceof Select
        || this instanceof Drop
        || this instanceof Validate
        || this instanceof Exclude
        || this instanceof Deduplicate
        || this instanceof Flag) {
      return false;
    }
    if (this instanceof Rename r) {
      return r.from().equals(column) || r.to().equals(column);
    }
    // A kind added later and not listed below may change anything.
    return changedColumns().map(c -> c.contains(column)).orElse(true);
  }

  private Optional<List<String>> changedColumns() {
    if (this instanceof Cast r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof MapValues r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof Default r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof Derive r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof NormalizeEmail r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof NormalizePhone r) {
      return Optional.of(List.of(r.column()));
    } else if (this instanceof Trim r) {
      return Optional.of(r.columns());
    } else if (this instanceof ChangeCase r) {
      return Optional.of(r.columns());
    } else if (this instanceof RepairMojibake r) {
      return Optional.of(r.columns());
    } else if (this instanceof StripControlCharacters r) {
      return Optional.of(r.columns());
    }
    return Optional.empty();
  }

  /** What a fallible rule does with a value it cannot handle. */
  enum OnFail {
    QUARANTINE,
    NULL,
    KEEP
  }

  /** How a deduplicate rule picks the row that survives. */
  enum Keep {
    LATEST,
    MOST_COMPLETE
  }

  /** Keeps only the listed columns. */
  record Select(String name, String origin, List<String> columns) implements RuleSpec {}

  record Drop(String name, String origin, List<String> columns, String reason)
      implements RuleSpec {}

  record Rename(String name, String origin, String from, String to) implements RuleSpec {}

  /**
   * Converts a column to a Spark type. Text read as a number must match one of {@code numbers}'
   * separator conventions whole; text read as a date one of {@code formats}, read as {@code dates}
   * says. Nothing is rounded or cut unless the rule allows it ({@code numbers.rounding}, {@code
   * truncate}), and then the change is counted.
   */
  record Cast(
      String name,
      String origin,
      String column,
      String to,
      List<String> formats,
      Numbers numbers,
      Dates dates,
      boolean truncate,
      OnFail onFail)
      implements RuleSpec {}

  /** One way of writing numbers: the grouping separator ("" for none) and the decimal separator. */
  record Separators(String grouping, String decimal) {}

  /** What a cast does with more decimals than the target keeps. */
  enum Rounding {
    NONE,
    HALF_EVEN
  }

  /**
   * The separator conventions a numeric cast accepts, in order; a value that several read
   * differently is ambiguous. {@code auto} says the list is the built-in one of common conventions.
   */
  record Numbers(List<Separators> accepted, boolean auto, Rounding rounding) {
    public static final Numbers PLAIN =
        new Numbers(List.of(new Separators("", ".")), false, Rounding.NONE);

    public Numbers {
      accepted = List.copyOf(accepted);
    }
  }

  /**
   * Which order wins when a value reads as a different date under a day-first and a month-first
   * format.
   */
  enum Prefer {
    NONE,
    DAY_FIRST,
    MONTH_FIRST
  }

  /**
   * How a date cast reads two-digit years ({@code pivotYear}: the first of the hundred years they
   * fall in) and ambiguous values.
   */
  record Dates(Optional<Integer> pivotYear, Prefer prefer) {
    public static final Dates STRICT = new Dates(Optional.empty(), Prefer.NONE);
  }

  record Trim(String name, String origin, List<String> columns) implements RuleSpec {}

  record ChangeCase(String name, String origin, List<String> columns, boolean upper)
      implements RuleSpec {}

  /** Maps values through a code table; values not in it are kept, nulled or quarantined. */
  record MapValues(
      String name, String origin, String column, Map<String, String> values, OnFail unmapped)
      implements RuleSpec {}

  /** Replaces null, blank and placeholder values with {@code value}. */
  record Default(String name, String origin, String column, String value) implements RuleSpec {}

  record Derive(String name, String origin, String column, String expression) implements RuleSpec {}

  record RepairMojibake(String name, String origin, List<String> columns) implements RuleSpec {}

  record StripControlCharacters(String name, String origin, List<String> columns)
      implements RuleSpec {}

  record NormalizeEmail(String name, String origin, String column, OnFail onFail)
      implements RuleSpec {}

  /** What normalize-phone does with an international number of another country than its row's. */
  enum OnCountryMismatch {
    QUARANTINE,
    KEEP
  }

  /** What normalize-phone does with a national number valid in several of the default regions. */
  enum OnAmbiguous {
    QUARANTINE,
    KEEP_AS_GIVEN
  }

  /**
   * Phones to E.164. A national number is read in the row's region ({@code regionColumn}, a country
   * code) or, where the row has none, in each default region: valid in exactly one, it takes it.
   * International numbers keep their own country.
   */
  record NormalizePhone(
      String name,
      String origin,
      String column,
      List<String> defaultRegions,
      Optional<String> regionColumn,
      OnCountryMismatch onCountryMismatch,
      OnAmbiguous onAmbiguous,
      OnFail onFail)
      implements RuleSpec {}

  /**
   * A row rule: rows failing the named check or the predicate go to quarantine with {@code reason}.
   */
  record Validate(
      String name,
      String origin,
      Optional<String> column,
      Optional<String> check,
      Optional<String> expression,
      String reason)
      implements RuleSpec {}

  /** A row rule: rows matching the predicate are deliberately not migrated. */
  record Exclude(String name, String origin, String expression, String reason)
      implements RuleSpec {}

  record Deduplicate(
      String name, String origin, List<String> key, Keep keep, Optional<String> orderBy)
      implements RuleSpec {}

  /** Marks rows that need a customer action (e.g. "password-reset") for the communication step. */
  record Flag(String name, String origin, String expression, String action) implements RuleSpec {}
}
