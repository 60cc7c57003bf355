package io.cutover.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * suggested-rules.conf: every finding's rule, grouped by dataset, each under a comment saying why.
 * Valid HOCON in the rule syntax of rules/*.conf, for the engineer to review and adopt; nothing
 * here is applied by itself.
 */
public final class SuggestedRulesWriter {
  private SuggestedRulesWriter() {}

  public static String render(AuditResult result) {
    StringBuilder out =
        new StringBuilder()
            .append("# Rules suggested by cutover audit run ")
            .append(result.runId())
            .append(" of migration '")
            .append(result.migration())
            .append("'.\n")
            .append(
                "# Review each one, then copy what you adopt into the spec's rules. Nothing here is applied by itself.\n\n")
            .append("rules {\n");
    Map<String, List<Finding>> byDataset = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      if (!f.suggestedRule().isEmpty()) {
        byDataset.computeIfAbsent(f.dataset(), k -> new java.util.ArrayList<>()).add(f);
      }
    }
    byDataset.forEach(
        (dataset, findings) -> {
          out.append("  ").append(dataset).append(" = [\n");
          for (Finding f : findings) {
            out.append("    # ")
                .append(f.severity())
                .append(' ')
                .append(f.category().name().toLowerCase(java.util.Locale.ROOT))
                .append(' ')
                .append(f.type())
                .append(" on ")
                .append(f.column())
                .append(": ")
                .append(oneLine(f.message()))
                .append('\n');
            String rule = f.suggestedRule();
            out.append("    ").append(rule).append('\n');
          }
          out.append("  ]\n");
        });
    return out.append("}\n").toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }
}
