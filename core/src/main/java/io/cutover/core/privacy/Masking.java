package io.cutover.core.privacy;

/**
 * Masks personal values before they reach a report, a log or an error: enough shape is kept to
 * recognise the defect (an '@' missing, a domain, a trailing digit pair) and nothing that
 * identifies the person.
 */
public final class Masking {
  private Masking() {}

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

  /**
   * A row as JSON with the values of personal fields masked; text that is not a JSON object is
   * masked whole.
   */
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

  /**
   * Field names that say they hold personal data or a secret, whatever the spec declares; a dataset
   * of unknown kind.
   */
  public static boolean looksPersonal(String column) {
    return looksPersonal(column, "");
  }

  private static final java.util.regex.Pattern PERSON_NAME =
      java.util.regex.Pattern.compile(
          "first|last|given|sur|middle|full|maiden|nick|user|display|contact|customer|person|family|legal|member|holder");
  private static final java.util.regex.Pattern PEOPLE =
      java.util.regex.Pattern.compile(
          "customer|user|person|people|staff|employee|member|contact|account|client|patient|student|actor|author|owner|subscriber|^$");

  /**
   * Whether a column of {@code dataset} is named like personal data or a secret. An id (address_id)
   * points at personal data but is none; a bare {@code name} is a person's only in a dataset of
   * people (a genre's or a product's name is not, and masking it would hide duplicate labels from
   * the reviewer).
   */
  public static boolean looksPersonal(String column, String dataset) {
    String n = column.toLowerCase(java.util.Locale.ROOT);
    if (n.equals("id") || n.endsWith("_id") || n.endsWith("_key")) {
      return false;
    }
    if (n.contains("email")
        || n.contains("phone")
        || n.contains("mobile")
        || n.contains("address")
        || n.contains("birth")
        || n.contains("ssn")
        || n.contains("passport")
        || n.contains("password")
        || n.contains("passwd")
        || n.contains("secret")) {
      return true;
    }
    if (!n.contains("name")) {
      return false;
    }
    return PERSON_NAME.matcher(n).find()
        || n.equals("name") && PEOPLE.matcher(dataset.toLowerCase(java.util.Locale.ROOT)).find();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static String first(String s) {
    return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
  }
}
