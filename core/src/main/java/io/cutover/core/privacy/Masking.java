package io.cutover.core.privacy;

/**
 * Masks personal values before they reach a report, a log or an error: enough shape is kept to recognise the
 * defect (an '@' missing, a domain, a trailing digit pair) and nothing that identifies the person.
 */
public final class Masking {
    private Masking() {
    }

    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            return value;
        }
        int at = value.indexOf('@');
        if (at >= 0) {
            return first(value.substring(0, at)) + "***" + value.substring(at);
        }
        long digits = value.chars().filter(Character::isDigit).count();
        if (digits >= 6) {
            return value.replaceAll("\\d(?=(?:\\D*\\d){2})", "*");
        }
        return first(value) + "***";
    }

    private static String first(String s) {
        return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
    }
}
