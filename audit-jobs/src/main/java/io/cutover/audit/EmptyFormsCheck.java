package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * "No value" written several ways in one column (NULL, '', blanks, placeholders such as N/A), with
 * the count of each: the new platform will see them as different values unless a rule makes them
 * one. A column holding nothing else is a placeholder-only zombie, reported elsewhere.
 */
final class EmptyFormsCheck implements RowPatterns.Check {
  private final SourceSpec source;
  private final List<String> columns = new ArrayList<>();
  private final Set<String> placeholders;

  EmptyFormsCheck(SourceSpec source, StructType schema, Set<String> placeholders) {
    this.source = source;
    this.placeholders = placeholders;
    columns.addAll(RowPatterns.textColumns(schema, source));
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    List<String> lowered =
        placeholders.stream()
            .map(p -> p.trim().toLowerCase(Locale.ROOT))
            .filter(p -> !p.isEmpty())
            .toList();
    for (String c : columns) {
      Column v = RowPatterns.col(c);
      Column trimmed = functions.trim(v);
      out.add(RowPatterns.countIf(v.isNull()));
      out.add(RowPatterns.countIf(v.equalTo("")));
      out.add(RowPatterns.countIf(v.notEqual("").and(trimmed.equalTo(""))));
      out.add(
          lowered.isEmpty()
              ? functions.lit(0L)
              : RowPatterns.countIf(functions.lower(trimmed).isin(lowered.toArray())));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    String[] names = {"null", "empty_string", "blank", "placeholder"};
    for (int i = 0; i < columns.size(); i++) {
      Map<String, Object> evidence = new LinkedHashMap<>();
      long empty = 0;
      for (int k = 0; k < 4; k++) {
        long n = RowPatterns.at(r, offset + 4 * i + k);
        empty += n;
        if (n > 0) {
          evidence.put(names[k], n);
        }
      }
      int forms = evidence.size();
      if (forms < 2 || empty >= rows || rows < RowPatterns.MIN_ROWS) {
        continue;
      }
      String shown =
          String.join(
              ", ",
              evidence.entrySet().stream()
                  .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
                  .toList());
      evidence.put("rows", empty);
      String c = columns.get(i);
      String q = Predicates.quote(c);
      String none =
          placeholders.isEmpty()
              ? ""
              : " OR lower(trim("
                  + q
                  + ")) IN ("
                  + String.join(
                      ", ",
                      placeholders.stream()
                          .map(p -> Predicates.literal(p.trim().toLowerCase(Locale.ROOT)))
                          .toList())
                  + ")";
      out.add(
          new Finding(
              source.name(),
              c,
              Category.CORRUPT,
              "empty-forms",
              Severity.INFO,
              "no value is written "
                  + forms
                  + " ways ("
                  + shown
                  + "): make them one, null, before they move",
              evidence,
              List.of(),
              SuggestedRules.rule(
                  "type",
                  "derive",
                  "column",
                  c,
                  "expression",
                  "CASE WHEN trim(" + q + ") = ''" + none + " THEN NULL ELSE " + q + " END")));
    }
    return out;
  }
}
