package io.cutover.core.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** The value checks rules share: patterns in plain SQL, phone numbers through libphonenumber. */
public final class Checks {
  public static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";

  /** C0 controls but tab, newline and carriage return; DEL; and the C1 controls U+0080-U+009F. */
  public static final String CONTROL =
      "[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}-\\x{9F}]";

  /**
   * The letters Windows-1252 puts at bytes 0x80-0x9F ("€", "’", "Š", ...), and those bytes as
   * ISO-8859-1 reads them (C1 controls).
   */
  static final String CP1252_LETTERS;

  static final String CP1252_BYTES;

  static {
    java.nio.charset.Charset cp1252 = java.nio.charset.Charset.forName("windows-1252");
    StringBuilder letters = new StringBuilder();
    StringBuilder bytes = new StringBuilder();
    for (int b = 0x80; b < 0xA0; b++) {
      char letter = new String(new byte[] {(byte) b}, cp1252).charAt(0);
      if (letter
          != '\uFFFD') { // 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined: decoders leave them as C1
        // controls
        letters.append(letter);
        bytes.append((char) b);
      }
    }
    CP1252_LETTERS = letters.toString();
    CP1252_BYTES = bytes.toString();
  }

  private Checks() {}

  /** Not null and not blank, and not one of the placeholders that mean "nothing here". */
  public static Column present(Column c, Set<String> placeholders) {
    Column text = functions.lower(functions.trim(c.cast("string")));
    Column p = c.isNotNull().and(functions.trim(c.cast("string")).notEqual(""));
    if (!placeholders.isEmpty()) {
      Object[] lowered =
          placeholders.stream()
              .map(s -> s.trim().toLowerCase(java.util.Locale.ROOT))
              .filter(s -> !s.isEmpty())
              .toArray();
      p = p.and(functions.not(text.isin(lowered)));
    }
    return p;
  }

  /**
   * The bytes a string's characters stand for when UTF-8 was read as ISO-8859-1 or Windows-1252:
   * each character up to U+00FF is its own byte, and each Windows-1252 letter ("€", "’") the byte
   * it has there. A SQL expression of the string {@code column} (SQL text); characters beyond (a
   * real "ł") stay as they are and fail the test below.
   */
  private static String asBytes(String column) {
    return "translate("
        + column
        + ", "
        + Sql.literal(CP1252_LETTERS)
        + ", "
        + Sql.literal(CP1252_BYTES)
        + ")";
  }

  /**
   * SQL: true when {@code column} is UTF-8 text that was read as ISO-8859-1 or Windows-1252,
   * whatever the lead byte ("Ã©" for "é", "Å\u0082" for "ł", "â€™" for "’", "Ð¶" for "ж"): its
   * characters are all single bytes there, at least one is not ASCII, and those bytes are valid
   * UTF-8. Genuine Latin text ("Åsa", "São") fails the last test, since a lone accented letter is
   * not a UTF-8 sequence; the ASCII length test skips most text cheaply.
   */
  public static String mojibakeSql(String column) {
    String bytes = asBytes(column);
    return "(octet_length("
        + column
        + ") <> length("
        + column
        + ") AND "
        + bytes
        + " RLIKE "
        + Sql.literal("^[\\x{00}-\\x{FF}]*$")
        + " AND NOT contains("
        + decoded(column)
        + ", "
        + Sql.literal("\uFFFD")
        + "))";
  }

  /**
   * SQL: the text {@link #mojibakeSql} found, decoded as UTF-8 again (lossless where that predicate
   * holds).
   */
  public static String repairedSql(String column) {
    return "CASE WHEN coalesce("
        + mojibakeSql(column)
        + ", false) THEN "
        + decoded(column)
        + " ELSE "
        + column
        + " END";
  }

  private static String decoded(String column) {
    return "decode(encode(" + asBytes(column) + ", 'ISO-8859-1'), 'UTF-8')";
  }

  public static Column validEmail(Column c) {
    return c.rlike(EMAIL);
  }

  /**
   * A phone number as E.164 (+33612345678), or null when libphonenumber finds it impossible (wrong
   * length or shape) in every region given, the first that fits winning: only for validate's check
   * = phone, which reads international numbers with region ZZ. normalize-phone uses {@link #phone},
   * which never guesses a region.
   */
  public static Column e164(Column c, java.util.List<String> regions) {
    return phoneUdf(java.util.List.copyOf(regions)).apply(c.cast("string"));
  }

  /**
   * The type of {@link #phone}: the number as E.164, its {@link PhoneNumbers.Status} and, unless
   * OK, why.
   */
  static final org.apache.spark.sql.types.StructType PHONE =
      new org.apache.spark.sql.types.StructType()
          .add("e164", DataTypes.StringType)
          .add("status", DataTypes.StringType)
          .add("detail", DataTypes.StringType);

  /**
   * {@link PhoneNumbers#normalize} of each value, with the row's {@code region} (a country value,
   * or a null column when the rule has none) and the {@code candidates} as fallback; {@code
   * regionSource} names the column in messages.
   */
  static Column phone(
      Column c, Column region, java.util.List<String> candidates, String regionSource) {
    java.util.List<String> fallback = java.util.List.copyOf(candidates);
    org.apache.spark.sql.api.java.UDF2<String, String, Row> normalize =
        (value, country) -> {
          String rowRegion = PhoneNumbers.region(country).orElse(null);
          PhoneNumbers.Result r = PhoneNumbers.normalize(value, rowRegion, fallback, regionSource);
          return RowFactory.create(r.e164(), r.status().name(), r.detail());
        };
    return functions
        .udf(normalize, PHONE)
        .withName("cutover_phone")
        .apply(c.cast("string"), region.cast("string"));
  }

  /** {@link PhoneNumbers#fit} of each phone with its row's country, as the enum's name. */
  public static Column phoneFit(Column phone, Column country) {
    org.apache.spark.sql.api.java.UDF2<String, String, String> fit =
        (p, cc) -> PhoneNumbers.fit(p, cc).name();
    return functions
        .udf(fit, DataTypes.StringType)
        .withName("cutover_phone_fit")
        .apply(phone.cast("string"), country.cast("string"));
  }

  private static UserDefinedFunction phoneUdf(java.util.List<String> regions) {
    UDF1<String, String> format =
        value -> {
          if (value == null || value.isBlank()) {
            return null;
          }
          PhoneNumberUtil util = PhoneNumberUtil.getInstance();
          for (String region : regions) {
            try {
              Phonenumber.PhoneNumber number = util.parse(value, region);
              if (util.isPossibleNumber(number)) {
                return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
              }
            } catch (NumberParseException e) {
              // not readable in this region; try the next
            }
          }
          return null;
        };
    return functions.udf(format, DataTypes.StringType).withName("cutover_e164");
  }
}
