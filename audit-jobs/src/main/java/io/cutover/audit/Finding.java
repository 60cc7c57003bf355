package io.cutover.audit;

import java.util.List;
import java.util.Map;

/**
 * One thing the audit says should not move as it is, with the numbers behind it and a rule, in the
 * transform rule syntax, that the engineer can adopt. Examples are masked for personal-data
 * columns.
 *
 * @param type stable machine name, e.g. "all-null", "invalid-email", "orphan-foreign-key"
 * @param evidence the numbers behind the finding (rows affected, share, ...), by name
 * @param examples up to three offending values, masked when the column holds personal data
 * @param suggestedRule a HOCON rule for rules/*.conf, or empty when there is nothing to suggest
 */
public record Finding(
    String dataset,
    String column,
    Category category,
    String type,
    Severity severity,
    String message,
    Map<String, Object> evidence,
    List<String> examples,
    String suggestedRule) {

  public Finding {
    evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    examples = List.copyOf(examples);
  }
}
