package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How a CSV file was written, seen in what Spark read: every field starting with a space (a ", "
 * delimiter) and header names with leading spaces, each fixed by a reader option rather than by a
 * trim rule per column.
 */
final class CsvShapeCheck implements RowPatterns.Check {
  private final SourceSpec source;
  private final List<String> columns = new ArrayList<>();
  private final List<String> spacedHeader = new ArrayList<>();

  CsvShapeCheck(SourceSpec source, StructType schema) {
    this.source = source;
    boolean csv =
        source.format().equals("csv")
            && !"true"
                .equalsIgnoreCase(
                    source.options().getOrDefault("ignoreLeadingWhiteSpace", "false"));
    if (!csv) {
      return;
    }
    for (StructField f : schema.fields()) {
      if (f.name().startsWith(" ")) {
        spacedHeader.add(f.name());
      }
      if (f.dataType() == DataTypes.StringType && !f.name().startsWith("_")) {
        columns.add(f.name());
      }
    }
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      Column v = RowPatterns.col(c);
      out.add(RowPatterns.countIf(v.isNotNull().and(v.notEqual(""))));
      out.add(RowPatterns.countIf(v.startsWith(" ")));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    long filled = 0;
    long spaced = 0;
    int columnsWithValues = 0;
    int allSpaced = 0;
    for (int i = 0; i < columns.size(); i++) {
      long f = RowPatterns.at(r, offset + 2 * i);
      long s = RowPatterns.at(r, offset + 2 * i + 1);
      filled += f;
      spaced += s;
      if (f > 0) {
        columnsWithValues++;
        allSpaced += s == f ? 1 : 0;
      }
    }
    boolean delimiter =
        rows >= RowPatterns.MIN_ROWS && columnsWithValues > 1 && allSpaced >= columnsWithValues - 1;
    if (!delimiter && spacedHeader.isEmpty()) {
      return List.of();
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", rows);
    evidence.put("fields_starting_with_space", spaced);
    evidence.put("fields", filled);
    evidence.put("header_names_with_space", (long) spacedHeader.size());
    return List.of(
        new Finding(
            source.name(),
            "",
            Category.CORRUPT,
            "csv-space-after-delimiter",
            Severity.MEDIUM,
            (delimiter
                    ? "every field of "
                        + allSpaced
                        + " of "
                        + columnsWithValues
                        + " text columns starts with a space: the file is delimited by \", \""
                    : "")
                + (spacedHeader.isEmpty()
                    ? ""
                    : (delimiter ? "; " : "")
                        + spacedHeader.size()
                        + " header names start with a space ("
                        + String.join(",", spacedHeader)
                        + ")")
                + ": read it with options { ignoreLeadingWhiteSpace = true } instead of trimming every column",
            evidence,
            List.of(),
            "# in sources." + source.name() + ".options: ignoreLeadingWhiteSpace = true"));
  }
}
