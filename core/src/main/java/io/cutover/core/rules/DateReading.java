package io.cutover.core.rules;

import io.cutover.core.spec.RuleSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;

/**
 * Strict reading of dates written as text, in Spark expressions: every format whose shape the value
 * has reads it, each behind a regex of its shape (a failed parse costs an exception). Formats that
 * read a value as different dates ("03/04/2021" under d/M/yyyy and M/d/yyyy) make it ambiguous
 * unless the rule prefers day- or month-first; a two-digit year is read only with a pivot year
 * (Spark alone would put "69" in 2069).
 */
final class DateReading {
  private final List<String> formats;
  private final RuleSpec.Dates dates;
  private final DataType target;

  DateReading(List<String> formats, RuleSpec.Dates dates, DataType target) {
    this.dates = dates;
    this.target = target;
    // With a preference, the preferred order reads first and wins; the list's order is kept
    // otherwise.
    this.formats =
        dates.prefer() == RuleSpec.Prefer.NONE
            ? List.copyOf(formats)
            : formats.stream().sorted(Comparator.comparingInt(this::rank)).toList();
  }

  private int rank(String format) {
    int day = format.indexOf('d');
    int month = format.indexOf('M');
    if (day < 0 || month < 0) {
      return 1;
    }
    boolean dayFirst = day < month;
    return dayFirst == (dates.prefer() == RuleSpec.Prefer.DAY_FIRST) ? 0 : 2;
  }

  static boolean twoDigitYear(String format) {
    return format.replaceAll("'[^']*'", "").matches(".*(?<![yu])[yu]{2}(?![yu]).*");
  }

  /**
   * The value read by each format, in order (null where it does not have the format's shape or does
   * not parse).
   */
  Column readings(Column text) {
    List<Column> out = new ArrayList<>();
    for (String format : formats) {
      Column parsed =
          target instanceof DateType
              ? functions.to_date(text, format)
              : functions.to_timestamp(text, format);
      if (twoDigitYear(format) && dates.pivotYear().isPresent()) {
        parsed = pivoted(parsed, dates.pivotYear().get());
      }
      out.add(functions.when(text.rlike(DatePatterns.shape(format)), parsed));
    }
    return functions.array(out.toArray(Column[]::new));
  }

  /**
   * Moves a year Spark read as 20yy into the hundred years from {@code pivot}; a 29 February that
   * does not exist there does not read.
   */
  private Column pivoted(Column parsed, int pivot) {
    Column year = functions.year(parsed);
    Column wanted =
        functions.lit(pivot).plus(functions.pmod(year.minus(pivot), functions.lit(100)));
    Column moved =
        target instanceof DateType
            ? functions.add_months(parsed, wanted.minus(year).multiply(12))
            : parsed.plus(functions.make_interval(wanted.minus(year)));
    return functions.when(functions.dayofmonth(moved).equalTo(functions.dayofmonth(parsed)), moved);
  }

  Column chosen(Column readings) {
    List<Column> each = new ArrayList<>();
    for (int i = 0; i < formats.size(); i++) {
      each.add(readings.getItem(i));
    }
    return each.size() == 1 ? each.get(0) : functions.coalesce(each.toArray(Column[]::new));
  }

  /** Why a present value does not stage, or null. */
  Column problem(Column text, Column readings, Column chosen, String to) {
    Column out =
        functions.when(
            chosen.isNull(), functions.lit("cannot be read as " + to + " with formats " + formats));
    if (dates.pivotYear().isEmpty()) {
      Column twoDigit = functions.lit(false);
      for (int i = 0; i < formats.size(); i++) {
        if (twoDigitYear(formats.get(i))) {
          twoDigit = twoDigit.or(readings.getItem(i).isNotNull());
        }
      }
      out =
          out.when(
              twoDigit,
              functions.lit(
                  "two-digit year: its century would be a guess; set pivot-year (e.g. pivot-year = 1950 reads 49 as 2049, 50 as 1950)"));
    }
    if (dates.prefer() == RuleSpec.Prefer.NONE && formats.size() > 1) {
      Column ambiguous = functions.lit(false);
      for (int i = 1; i < formats.size(); i++) {
        Column r = readings.getItem(i);
        ambiguous = ambiguous.or(r.isNotNull().and(r.notEqual(chosen)));
      }
      out =
          out.when(
              ambiguous,
              functions.lit(
                  "ambiguous date: formats "
                      + formats
                      + " read it as different dates; set prefer = day-first or month-first"));
    }
    return out;
  }
}
