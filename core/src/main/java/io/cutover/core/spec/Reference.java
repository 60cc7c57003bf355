package io.cutover.core.spec;

/**
 * A declared foreign key: {@code column} of the owning source points at {@code toColumn} of source
 * {@code to}.
 */
public record Reference(String column, String to, String toColumn) {

  static Reference fromNode(SpecNode node, java.util.Map<String, SpecNode> sources) {
    int mark = node.mark();
    node.allowOnly("column", "to", "to-column");
    String column = node.string("column");
    String to = node.string("to");
    String toColumn = node.optString("to-column").orElse(null);
    if (column != null) {
      Names.checkColumn(column).ifPresent(p -> node.problem("column", p));
    }
    if (to != null && !sources.containsKey(to)) {
      node.problem(
          "to",
          "source '"
              + to
              + "' is not declared under 'sources'; declared are: "
              + String.join(", ", sources.keySet()));
    }
    if (toColumn == null && to != null && sources.containsKey(to)) {
      java.util.List<String> key = sources.get(to).strings("key");
      if (key.size() != 1) {
        node.problem(
            "to-column",
            "source '"
                + to
                + "' has no single-column key: say which column this reference points to with 'to-column'");
      } else {
        toColumn = key.get(0);
      }
    }
    return node.failedSince(mark) ? null : new Reference(column, to, toColumn);
  }
}
