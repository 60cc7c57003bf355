package io.cutover.core.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** The value checks rules share: patterns in plain SQL, phone numbers through libphonenumber. */
public final class Checks {
    public static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";
    /** UTF-8 read as Latin-1: "Ã©" for "é", "Â " for a no-break space. */
    public static final String MOJIBAKE = "Ã[\\x{80}-\\x{BF}]|Â[\\x{A0}-\\x{BF}]";
    public static final String CONTROL = "[\\x{00}-\\x{08}\\x{0B}\\x{0C}\\x{0E}-\\x{1F}\\x{7F}]";

    private Checks() {
    }

    /** Not null and not blank, and not one of the placeholders that mean "nothing here". */
    public static Column present(Column c, Set<String> placeholders) {
        Column text = functions.lower(functions.trim(c.cast("string")));
        Column p = c.isNotNull().and(functions.trim(c.cast("string")).notEqual(""));
        if (!placeholders.isEmpty()) {
            Object[] lowered = placeholders.stream().map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).filter(s -> !s.isEmpty()).toArray();
            p = p.and(functions.not(text.isin(lowered)));
        }
        return p;
    }

    public static Column validEmail(Column c) {
        return c.rlike(EMAIL);
    }

    /**
     * A phone number as E.164 (+33612345678), or null when libphonenumber finds it impossible (wrong length or
     * shape) in every region given. National numbers (0612345678) are read with each region in turn; numbers with
     * a + prefix need none. Possible rather than valid: legacy data holds real numbers from ranges libphonenumber's
     * metadata does not list yet.
     */
    public static Column e164(Column c, java.util.List<String> regions) {
        return phoneUdf(java.util.List.copyOf(regions)).apply(c.cast("string"));
    }

    private static UserDefinedFunction phoneUdf(java.util.List<String> regions) {
        UDF1<String, String> format = value -> {
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
