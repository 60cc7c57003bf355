package io.cutover.core.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads phone numbers with libphonenumber the way normalize-phone and the audit both need: a number
 * in international form (+33 ..., or 00 33 ... where the region dials 00) keeps its own country; a
 * national number (06 12 34 56 78) means nothing without a region, and is read only where it is
 * valid, never guessed.
 */
public final class PhoneNumbers {
  /** What became of one value. */
  public enum Status {
    OK,
    INVALID,
    MISMATCH,
    AMBIGUOUS
  }

  /** The number as E.164 (null unless OK or MISMATCH) and, unless OK, why. */
  public record Result(Status status, String e164, String detail) implements Serializable {}

  /** How a phone sits with its row's country, for the audit. */
  public enum Fit {
    FITS,
    OTHER_COUNTRY,
    NOT_VALID,
    UNREADABLE,
    NO_COUNTRY
  }

  /** getInstance() is synchronized: called per row it is a lock the executor's tasks share. */
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final Map<String, String> REGIONS = regionNames();

  /**
   * Readings of the values seen more than once in this JVM (a number shared by many rows, a test
   * number): up to 100,000 of each kind, 10 to 30 MB at most; one-off numbers, and values longer
   * than any phone number is written, are read every time.
   */
  private static final int MEMO_CAPACITY = 100_000;

  private static final int MEMO_MAX_LENGTH = 64;

  private static final int MEMO_SIGHTINGS_BITS = 18;

  private record Reading(String value, String rowRegion, List<String> candidates, String source) {}

  private record Placed(String phone, String region) {}

  private static final Memo<Reading, Result> NORMALIZED =
      new Memo<>(
          r -> normalizeUncached(r.value(), r.rowRegion(), r.candidates(), r.source()),
          MEMO_CAPACITY,
          MEMO_SIGHTINGS_BITS);

  private static final Memo<Placed, Fit> FITS =
      new Memo<>(p -> fitIn(p.phone(), p.region()), MEMO_CAPACITY, MEMO_SIGHTINGS_BITS);

  /**
   * A number in international form split by libphonenumber: its country calling code and national
   * number; {@link #NONE} when the value is not international or does not parse.
   */
  public record International(int countryCode, long nationalNumber) implements Serializable {
    public static final International NONE = new International(0, -1);
  }

  private static final Memo<String, International> INTERNATIONAL =
      new Memo<>(PhoneNumbers::internationalUncached, MEMO_CAPACITY, MEMO_SIGHTINGS_BITS);

  private PhoneNumbers() {}

  /**
   * {@code value} read as an international number (+33 6 ..., as normalize-phone stages it), or
   * {@link International#NONE}; a value seen twice in this JVM is read once.
   */
  public static International international(String value) {
    if (value == null || !value.startsWith("+")) {
      return International.NONE;
    }
    return value.length() > MEMO_MAX_LENGTH
        ? internationalUncached(value)
        : INTERNATIONAL.get(value);
  }

  private static International internationalUncached(String value) {
    try {
      Phonenumber.PhoneNumber n = UTIL.parse(value, "ZZ");
      return new International(n.getCountryCode(), n.getNationalNumber());
    } catch (NumberParseException e) {
      return International.NONE;
    }
  }

  /**
   * The region libphonenumber knows for a country value: an ISO 3166 alpha-2 or alpha-3 code or an
   * English name, in any case ("fr", "FRA", "France"); empty for anything else, which callers treat
   * as missing.
   */
  public static Optional<String> region(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(REGIONS.get(value.trim().toLowerCase(Locale.ROOT)));
  }

  public static boolean isRegion(String code) {
    return UTIL.getSupportedRegions().contains(code);
  }

  private static Map<String, String> regionNames() {
    Map<String, String> out = new HashMap<>();
    for (String code : UTIL.getSupportedRegions()) {
      Locale country = new Locale("", code);
      out.put(code.toLowerCase(Locale.ROOT), code);
      try {
        out.putIfAbsent(country.getISO3Country().toLowerCase(Locale.ROOT), code);
      } catch (java.util.MissingResourceException e) {
        // no alpha-3 code for this region (e.g. XK): the alpha-2 code still works
      }
      String name = country.getDisplayCountry(Locale.ENGLISH);
      if (!name.equalsIgnoreCase(code)) {
        out.putIfAbsent(name.toLowerCase(Locale.ROOT), code);
      }
    }
    return Map.copyOf(out);
  }

  /**
   * Normalizes {@code value}. With {@code rowRegion} (already resolved; null when the row has none)
   * the number is read in that region only, and an international number of another country is a
   * MISMATCH. Without it, a national number is read in each of {@code candidates}: valid in one, it
   * takes that one; valid in several with different meanings, it is AMBIGUOUS; valid in none,
   * INVALID. International numbers need only be possible (legacy data holds numbers from ranges
   * libphonenumber's metadata does not list yet); national ones must be valid, since the region
   * they are read in is an assumption.
   */
  public static Result normalize(
      String value, String rowRegion, List<String> candidates, String regionSource) {
    if (value == null || value.isBlank()) {
      return new Result(Status.INVALID, null, "no phone number");
    }
    return value.length() > MEMO_MAX_LENGTH
        ? normalizeUncached(value, rowRegion, candidates, regionSource)
        : NORMALIZED.get(new Reading(value, rowRegion, candidates, regionSource));
  }

  private static Result normalizeUncached(
      String value, String rowRegion, List<String> candidates, String regionSource) {
    List<String> regions = rowRegion == null ? candidates : List.of(rowRegion);
    PhoneNumberUtil util = UTIL;
    Set<String> meanings = new LinkedHashSet<>();
    String validIn = null;
    for (String region : regions) {
      Phonenumber.PhoneNumber number = read(value, region);
      if (number == null) {
        continue;
      }
      if (number.getCountryCodeSource()
          != Phonenumber.PhoneNumber.CountryCodeSource.FROM_DEFAULT_COUNTRY) {
        return international(number, rowRegion, regionSource);
      }
      if (util.isValidNumberForRegion(number, region)) {
        meanings.add(util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        validIn = validIn == null ? region : validIn + ", " + region;
      }
    }
    if (meanings.size() == 1) {
      return new Result(Status.OK, meanings.iterator().next(), null);
    }
    if (meanings.size() > 1) {
      return new Result(
          Status.AMBIGUOUS,
          null,
          "a national number valid in "
              + validIn
              + " ("
              + String.join(", ", meanings)
              + "): cannot tell which is meant; give the region with region-column");
    }
    return new Result(
        Status.INVALID,
        null,
        "not a valid phone number for "
            + (rowRegion == null ? "any of " + candidates : rowRegion + " (" + regionSource + ")"));
  }

  private static Result international(
      Phonenumber.PhoneNumber number, String rowRegion, String regionSource) {
    PhoneNumberUtil util = UTIL;
    if (!util.isPossibleNumber(number)) {
      return new Result(
          Status.INVALID,
          null,
          "not a possible phone number for country code +" + number.getCountryCode());
    }
    String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    Optional<String> other = rowRegion == null ? Optional.empty() : otherCountry(number, rowRegion);
    if (other.isPresent()) {
      return new Result(
          Status.MISMATCH,
          e164,
          "a +"
              + number.getCountryCode()
              + " number ("
              + other.get()
              + ") on a row whose country is "
              + rowRegion
              + " ("
              + regionSource
              + ")");
    }
    return new Result(Status.OK, e164, null);
  }

  /**
   * The region of an international number when it is not {@code region}: another country code, or a
   * number of another region sharing the code (a Canadian +1 number on a US row). Empty when it may
   * be the row's.
   */
  static Optional<String> otherCountry(Phonenumber.PhoneNumber number, String region) {
    PhoneNumberUtil util = UTIL;
    int code = number.getCountryCode();
    if (code != util.getCountryCodeForRegion(region)) {
      String own = util.getRegionCodeForNumber(number);
      return Optional.of(own != null ? own : util.getRegionCodeForCountryCode(code));
    }
    if (util.getRegionCodesForCountryCode(code).size() > 1) {
      String own = util.getRegionCodeForNumber(number);
      if (own != null && !own.equals(region)) {
        return Optional.of(own);
      }
    }
    return Optional.empty();
  }

  /**
   * How {@code phone} sits with the row's {@code country} value: the audit's verdict, one row at a
   * time.
   */
  public static Fit fit(String phone, String country) {
    Optional<String> region = region(country);
    if (region.isEmpty()) {
      return Fit.NO_COUNTRY;
    }
    if (phone == null || phone.isBlank()) {
      return Fit.UNREADABLE;
    }
    return phone.length() > MEMO_MAX_LENGTH
        ? fitIn(phone, region.get())
        : FITS.get(new Placed(phone, region.get()));
  }

  private static Fit fitIn(String phone, String region) {
    Phonenumber.PhoneNumber number = read(phone, region);
    if (number == null) {
      return Fit.UNREADABLE;
    }
    if (number.getCountryCodeSource()
            != Phonenumber.PhoneNumber.CountryCodeSource.FROM_DEFAULT_COUNTRY
        && otherCountry(number, region).isPresent()) {
      return Fit.OTHER_COUNTRY;
    }
    return UTIL.isValidNumberForRegion(number, region) ? Fit.FITS : Fit.NOT_VALID;
  }

  /**
   * The number read in {@code region}, keeping how its country code was found; null when it cannot
   * be read at all.
   */
  private static Phonenumber.PhoneNumber read(String value, String region) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UTIL.parseAndKeepRawInput(value, region);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
