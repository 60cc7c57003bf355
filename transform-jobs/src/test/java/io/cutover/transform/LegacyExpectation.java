package io.cutover.transform;

import io.cutover.core.testing.DemoData;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the demo's customer rules must make of the demo's legacy customers, worked out in plain Java
 * over the legacy rows without any of Cutover's rule code: the email check, java.time's strict
 * parsers for the three date formats of the spec, the closed-account exclusion, the latest row per
 * key, and the mojibake undone by reading the text's Latin-1 bytes as UTF-8.
 */
record LegacyExpectation(Map<Long, Customer> staged, long unparseableDates, long repairedNames) {

  /** A staged customer's repaired first name and parsed signup date. */
  record Customer(String firstName, LocalDate signupDate) {}

  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");
  private static final List<DateTimeFormatter> DATES =
      List.of(
          DateTimeFormatter.ofPattern("uuuu-M-d", Locale.ENGLISH),
          DateTimeFormatter.ofPattern("d/M/uuuu", Locale.ENGLISH),
          DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH));

  static LegacyExpectation of(SparkSession spark, DemoData demo) {
    List<Row> legacy =
        spark
            .read()
            .parquet(demo.customers().toString())
            .select("customer_id", "first_name", "email", "signup_date", "notes", "updated_at")
            .collectAsList();
    Map<Long, Row> latest = new HashMap<>();
    long unparseable = 0;
    for (Row r : legacy) {
      if (!EMAIL.matcher(r.getString(2).trim()).matches()) {
        continue; // quarantined by normalize-email, before the date is read
      }
      if (date(r.getString(3)) == null) {
        unparseable++;
        continue;
      }
      if ("Asked to close the account".equals(r.getString(4))) {
        continue;
      }
      latest.merge(r.getLong(0), r, LegacyExpectation::later);
    }
    Map<Long, Customer> staged = new HashMap<>();
    long repaired = 0;
    for (Map.Entry<Long, Row> e : latest.entrySet()) {
      String name = e.getValue().getString(1);
      if (name.contains("Ã")) {
        name = new String(name.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        repaired++;
      }
      staged.put(e.getKey(), new Customer(name.trim(), date(e.getValue().getString(3))));
    }
    return new LegacyExpectation(Map.copyOf(staged), unparseable, repaired);
  }

  private static Row later(Row a, Row b) {
    int order = a.<Timestamp>getAs("updated_at").compareTo(b.<Timestamp>getAs("updated_at"));
    if (order == 0) {
      throw new AssertionError("two rows of key " + a.get(0) + " tie on updated_at: " + a + b);
    }
    return order > 0 ? a : b;
  }

  private static LocalDate date(String text) {
    if (text == null) {
      return null;
    }
    for (DateTimeFormatter format : DATES) {
      try {
        return LocalDate.parse(text.trim(), format.withResolverStyle(ResolverStyle.STRICT));
      } catch (DateTimeParseException notThisOne) {
        // the next format
      }
    }
    return null;
  }
}
