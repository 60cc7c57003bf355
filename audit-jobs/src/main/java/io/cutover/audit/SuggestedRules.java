package io.cutover.audit;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transform rule an engineer could adopt for each kind of finding, in the rule syntax of
 * rules/*.conf. Rendered through Typesafe Config so every name and value is quoted correctly.
 */
final class SuggestedRules {
  private SuggestedRules() {}

  static String drop(String column, String reason) {
    return rule("type", "drop", "column", column, "reason", reason);
  }

  static String forCorruption(String type, String column, SemanticType semantic) {
    return switch (type) {
      case "invalid-email" ->
          rule("type", "validate", "column", column, "check", "email", "on-fail", "quarantine");
      case "invalid-phone" ->
          rule(
              "type",
              "normalize-phone",
              "column",
              column,
              "default-region",
              "US",
              "on-fail",
              "quarantine");
      case "invalid-date" ->
          rule(
              "type",
              "cast",
              "column",
              column,
              "to",
              "date",
              "formats",
              Predicates.DATE_FORMATS,
              "on-fail",
              "quarantine");
      case "thousands-separator", "wrong-type" ->
          rule(
              "type",
              "cast",
              "column",
              column,
              "to",
              "decimal(18,2)",
              "grouping-separator",
              ",",
              "on-fail",
              "quarantine");
      case "out-of-range" ->
          rule(
              "type",
              "validate",
              "column",
              column,
              "check",
              semantic == SemanticType.DATE ? "date-in-range" : "in-bounds",
              "on-fail",
              "quarantine");
      case "mojibake" -> rule("type", "repair-mojibake", "column", column);
      case "control-characters" -> rule("type", "strip-control-characters", "column", column);
      case "padded" -> rule("type", "trim", "column", column);
      default -> "";
    };
  }

  /**
   * Phones read with each row's country from {@code regionColumn}, quarantining numbers of another
   * country or not valid there.
   */
  static String normalizePhone(String column, String regionColumn) {
    return rule(
        "type",
        "normalize-phone",
        "column",
        column,
        "region-column",
        regionColumn,
        "on-country-mismatch",
        "quarantine",
        "on-fail",
        "quarantine");
  }

  static String deduplicate(List<String> key, String lastUpdated) {
    if (lastUpdated == null) {
      return rule("type", "deduplicate", "key", key, "keep", "most-complete");
    }
    return rule("type", "deduplicate", "key", key, "keep", "latest", "order-by", lastUpdated);
  }

  static String referenceExists(String column, String to, String toColumn) {
    return rule(
        "type",
        "validate",
        "column",
        column,
        "check",
        "reference",
        "to",
        to + "." + toColumn,
        "on-fail",
        "quarantine");
  }

  static String quarantineUnparseable() {
    return rule("type", "validate", "check", "parseable", "on-fail", "quarantine");
  }

  /** Alternating names and values, in order. */
  static String rule(Object... pairs) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put((String) pairs[i], pairs[i + 1]);
    }
    StringBuilder out = new StringBuilder("{ ");
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (!first) {
        out.append(", ");
      }
      first = false;
      out.append(e.getKey())
          .append(" = ")
          .append(
              ConfigValueFactory.fromAnyRef(e.getValue()).render(ConfigRenderOptions.concise()));
    }
    return out.append(" }").toString();
  }
}
