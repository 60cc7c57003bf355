package io.cutover.core.demo;

import static io.cutover.core.demo.Draws.ID;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;

/**
 * The legacy customers table, one row per range id: key id + 1, realistic personal data, and
 * planted duplicate keys, mojibake, invalid emails and dates, thousands separators and five zombie
 * columns.
 */
final class CustomersFrame implements DemoTable {
  static final String NAME = "customers";

  // Accented names come first: mojibake rows draw only from them, so every garbled name shows the
  // "Ã" pattern.
  private static final List<String> ACCENTED =
      List.of("José", "Zoë", "François", "Søren", "Anaïs", "Björn", "Chloé");
  private static final List<String> FIRST_NAMES =
      Stream.concat(
              ACCENTED.stream(),
              Stream.of(
                  "Łukasz", "Alice", "Bob", "Carol", "Dave", "Emma", "Liam", "Olivia", "Noah",
                  "Mia", "Lucas", "Sofia", "Hugo", "Ana"))
          .toList();
  private static final List<String> LAST_NAMES =
      List.of(
          "Müller",
          "García",
          "Dubois",
          "Lefèvre",
          "Nowak",
          "Kowalski",
          "Rossi",
          "Smith",
          "O'Brien",
          "Janssen",
          "Andersson",
          "Ødegaard",
          "Martínez",
          "Peeters",
          "Schröder",
          "Brown",
          "Wójcik",
          "Bernard",
          "Jensen",
          "Taylor");
  private static final List<String> DOMAINS =
      List.of(
          "example.com",
          "example.org",
          "example.net",
          "mail.example.fr",
          "post.example.de",
          "example.co.uk");
  private static final List<String> COUNTRIES =
      List.of("FR", "DE", "US", "GB", "ES", "IT", "NL", "SE", "PL", "BE");

  /**
   * French mobile prefixes (06x, 07x) that libphonenumber knows as valid: 0639, 069x and 070-072
   * are not.
   */
  private static final List<String> FR_MOBILE_PREFIXES =
      List.of("60", "61", "62", "64", "65", "66", "67", "68", "75", "76", "77", "78");

  /** Area codes of the United States (not Canada or the Caribbean, which share +1). */
  private static final List<String> US_AREA_CODES =
      List.of(
          "201", "202", "206", "212", "213", "303", "305", "312", "314", "404", "415", "503", "512",
          "602", "617", "702", "713", "718", "805", "917");

  /**
   * The other countries' mobile numbers, all but the last four digits (libphonenumber's example
   * numbers).
   */
  private static final java.util.Map<String, String> MOBILE_PREFIXES =
      new java.util.TreeMap<>(
          java.util.Map.of(
              "DE",
              "+49 1512345",
              "GB",
              "+44 740012",
              "ES",
              "+34 61234",
              "IT",
              "+39 312345",
              "NL",
              "+31 61234",
              "SE",
              "+46 70123",
              "PL",
              "+48 51234",
              "BE",
              "+32 47012"));

  private static final List<String> INVALID_DATES =
      List.of("31/02/2019", "yesterday", "2019-13-45", "00/00/0000");
  private static final List<String> PLACEHOLDERS = List.of("", "N/A", "0");
  private static final List<String> NOTES =
      List.of(
          "Prefers contact by email",
          "Called about a late delivery",
          "VIP since 2012",
          "Asked to close the account",
          "Moved to a new address",
          "Requested a copy of an invoice",
          "Do not call before 10am",
          "Referred by a friend");
  private static final Column EVERY_ROW = lit(true);
  private static final Instant LOGINS_FROM = Instant.parse("2015-01-01T00:00:00Z");
  private static final Instant LOGINS_UNTIL = Instant.parse("2026-07-01T00:00:00Z");
  private static final Instant STALE_BEFORE = Instant.parse("2022-01-01T00:00:00Z");

  private final long rows;
  private final Draws draws;
  private final Column duplicate;
  private final Column mojibake;
  private final Column invalidEmail;
  private final Column invalidDate;
  private final Column thousands;
  private final Column firstIndex;
  private final Column lastIndex;
  private final Column stale;

  CustomersFrame(long rows, long seed) {
    this.rows = rows;
    this.draws = new Draws(seed, NAME);
    // An even row repeats the key of the odd row before it, which is never picked itself: one key,
    // two rows.
    this.duplicate = ID.mod(2).equalTo(0).and(ID.gt(0)).and(draws.chance("duplicate-key", 40));
    this.mojibake = draws.chance("mojibake", 20);
    this.invalidEmail = draws.chance("invalid-email", 50);
    this.invalidDate = draws.chance("invalid-date", 30);
    this.thousands = draws.chance("thousands-separator", 100);
    this.firstIndex =
        when(mojibake, draws.below("first-name", ACCENTED.size()))
            .otherwise(draws.below("first-name", FIRST_NAMES.size()));
    this.lastIndex = draws.below("last-name", LAST_NAMES.size());
    this.stale = draws.chance("stale", 4_000);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public List<Column> columns() {
    return List.of(
        when(duplicate, ID).otherwise(ID.plus(1)).as("customer_id"),
        firstName().as("first_name"),
        Draws.pick(lastIndex, LAST_NAMES).as("last_name"),
        email().as("email"),
        phone().as("phone"),
        country().as("country"),
        signupDate().as("signup_date"),
        draws.instant("last-login", LOGINS_FROM, LOGINS_UNTIL).as("last_login"),
        balance().as("balance"),
        draws
            .weighted("plan", List.of("free", "basic", "pro", "enterprise"), 50, 25, 20, 5)
            .as("plan"),
        when(draws.chance("notes", 3_000), draws.pick("note", NOTES)).as("notes"),
        active().as("active"),
        active().equalTo("Y").as("is_active"),
        lit(null).cast("string").as("fax"),
        lit("Y").as("legacy_flag"),
        draws.pick("middle-name", PLACEHOLDERS).as("middle_name"),
        referralCode().as("referral_code"),
        updatedAt().as("updated_at"));
  }

  @Override
  public List<Plant> plants() {
    return List.of(
        Plant.duplicateKeys("customer_id", "each duplicated key is on exactly 2 rows", duplicate),
        Plant.corrupt(
            "first_name", "mojibake", "UTF-8 read as Latin-1, e.g. " + garbled("José"), mojibake),
        Plant.corrupt(
            "email",
            "invalid-email",
            "no domain, no @, a double @ or no top-level domain",
            invalidEmail),
        Plant.corrupt(
            "signup_date",
            "invalid-date",
            "impossible or unparseable: " + String.join(", ", INVALID_DATES),
            invalidDate),
        Plant.corrupt(
            "balance",
            "thousands-separator",
            "comma thousands separator, e.g. 1,234.50",
            thousands),
        // These four are dead by construction on every row.
        Plant.zombie("is_active", "shadow", "shadow of active", EVERY_ROW),
        Plant.zombie("fax", "all-null", "always null", EVERY_ROW),
        Plant.zombie("legacy_flag", "constant", "always 'Y'", EVERY_ROW),
        Plant.zombie("middle_name", "placeholder-only", "only '', 'N/A' and '0'", EVERY_ROW),
        Plant.zombie(
            "referral_code",
            "abandoned",
            "values only in rows not updated since 2022-01-01",
            referralCode().isNotNull()));
  }

  private Column firstName() {
    List<String> garbled = ACCENTED.stream().map(CustomersFrame::garbled).toList();
    return when(mojibake, Draws.pick(firstIndex, garbled))
        .otherwise(Draws.pick(firstIndex, FIRST_NAMES));
  }

  private Column email() {
    Column first = Draws.pick(firstIndex, FIRST_NAMES.stream().map(CustomersFrame::ascii).toList());
    Column last = Draws.pick(lastIndex, LAST_NAMES.stream().map(CustomersFrame::ascii).toList());
    Column domain = draws.pick("email-domain", DOMAINS);
    Column number = draws.below("email-number", 999).plus(1).cast("string");
    Column invalid =
        draws.oneOf(
            "invalid-email-shape",
            concat(first, lit("@")),
            concat(first, lit("."), domain),
            concat(first, lit("@@"), domain),
            concat(first, lit("@"), substring_index(domain, ".", 1)));
    return when(invalidEmail, invalid)
        .otherwise(concat(first, lit("."), last, number, lit("@"), domain));
  }

  /**
   * A valid mobile number of the row's country, as legacy systems keep them: French ones
   * international or national, American ones in three national and international shapes, the others
   * international. normalize-phone reads the national ones with the row's country; none disagrees
   * with it.
   */
  private Column phone() {
    Column country = country();
    Column prefix = draws.pick("phone-fr-prefix", FR_MOBILE_PREFIXES);
    Column mobile = substring(prefix, 1, 1);
    Column fr =
        concat(
            substring(prefix, 2, 1),
            lpad(draws.below("phone-fr", 10_000_000).cast("string"), 7, "0"));
    Column french =
        draws.oneOf(
            "phone-format-fr",
            concat_ws(
                " ",
                lit("+33"),
                mobile,
                substring(fr, 1, 2),
                substring(fr, 3, 2),
                substring(fr, 5, 2),
                substring(fr, 7, 2)),
            concat(lit("0"), mobile, fr));
    Column area = draws.pick("phone-us-area", US_AREA_CODES);
    Column exchange = draws.below("phone-us-exchange", 800).plus(200).cast("string");
    Column line = lpad(draws.below("phone-us-line", 10_000).cast("string"), 4, "0");
    Column american =
        draws.oneOf(
            "phone-format-us",
            concat(lit("("), area, lit(") "), exchange, lit("-"), line),
            concat_ws(".", area, exchange, line),
            concat_ws("-", lit("+1"), area, exchange, line));
    Column last = lpad(draws.below("phone-line", 10_000).cast("string"), 4, "0");
    Column phone = when(country.equalTo("FR"), french).when(country.equalTo("US"), american);
    for (java.util.Map.Entry<String, String> e : MOBILE_PREFIXES.entrySet()) {
      phone = phone.when(country.equalTo(e.getKey()), concat(lit(e.getValue()), last));
    }
    return phone;
  }

  private Column country() {
    return draws.pick("country", COUNTRIES);
  }

  private Column signupDate() {
    Column day = draws.date("signup", LocalDate.of(2005, 1, 1), LocalDate.of(2024, 12, 31));
    Column valid =
        draws.oneOf(
            "signup-format",
            date_format(day, "yyyy-MM-dd"),
            date_format(day, "dd/MM/yyyy"),
            date_format(day, "d MMM yyyy"));
    return when(invalidDate, draws.pick("invalid-date-shape", INVALID_DATES)).otherwise(valid);
  }

  /**
   * Text with two decimals within [-10,000, 1,000,000]; rows with a thousands separator are all >=
   * 1,000.
   */
  private Column balance() {
    Column band = draws.below("balance-band", 100);
    Column cents =
        when(thousands, lit(100_000L).plus(draws.below("balance", 99_900_000L)))
            .when(band.lt(10), lit(-1L).minus(draws.below("balance", 1_000_000L)))
            .when(band.lt(70), draws.below("balance", 1_000_000L))
            .otherwise(lit(100_000L).plus(draws.below("balance", 99_900_001L)));
    // Built from integers rather than decimals: several times cheaper per row.
    Column units = floor(abs(cents).divide(100));
    Column fraction = concat(lit("."), lpad(pmod(abs(cents), lit(100L)).cast("string"), 2, "0"));
    Column grouped =
        concat(
            floor(units.divide(1000)).cast("string"),
            lit(","),
            lpad(pmod(units, lit(1000L)).cast("string"), 3, "0"),
            fraction);
    Column plain = concat(when(cents.lt(0), "-").otherwise(""), units.cast("string"), fraction);
    return when(thousands, grouped).otherwise(plain);
  }

  private Column active() {
    return draws.weighted("active", List.of("Y", "N"), 80, 20);
  }

  private Column updatedAt() {
    return when(
            stale, draws.instant("updated-at", Instant.parse("2018-01-01T00:00:00Z"), STALE_BEFORE))
        .otherwise(
            draws.instant("updated-at", STALE_BEFORE, Instant.parse("2026-11-01T00:00:00Z")));
  }

  private Column referralCode() {
    return when(
        stale.and(draws.chance("referral", 6_000)),
        concat(lit("REF-"), lpad(draws.below("referral-code", 100_000).cast("string"), 5, "0")));
  }

  /**
   * The name's UTF-8 bytes read as Latin-1, the classic migration mojibake ("José" becomes
   * "JosÃ©").
   */
  static String garbled(String name) {
    return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /**
   * Lowercase ASCII letters only, for email addresses ("Søren" becomes "soren", "O'Brien"
   * "obrien").
   */
  static String ascii(String name) {
    String unaccented =
        Normalizer.normalize(name, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replace("ø", "o")
            .replace("Ø", "O")
            .replace("ł", "l")
            .replace("Ł", "L");
    return unaccented.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }
}
