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

    /** A row as JSON with the values of personal fields masked; text that is not a JSON object is masked whole. */
    public static String maskJson(String json, java.util.function.Predicate<String> personal) {
        if (json == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json);
            if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
                return mask(json);
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (personal.test(name) && object.get(name).isValueNode() && !object.get(name).isNull()) {
                    object.put(name, mask(object.get(name).asText()));
                }
            }
            return JSON.writeValueAsString(object);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mask(json);
        }
    }

    /** Field names that say they hold personal data, whatever the spec declares. */
    public static boolean looksPersonal(String column) {
        String n = column.toLowerCase(java.util.Locale.ROOT);
        return n.contains("name") || n.contains("email") || n.contains("phone") || n.contains("mobile")
                || n.contains("address") || n.contains("birth") || n.contains("ssn") || n.contains("passport");
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String first(String s) {
        return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
    }
}
