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
 * trim rule per column; and Windows line ends (CRLF), seen in the first 64 KB of the first file and
 * in fields that end with a carriage return.
 */
final class CsvShapeCheck implements RowPatterns.Check {
  private final SourceSpec source;
  private final List<String> columns = new ArrayList<>();
  private final List<String> spacedHeader = new ArrayList<>();
  private final org.apache.hadoop.conf.Configuration hadoop;

  CsvShapeCheck(SourceSpec source, StructType schema, org.apache.hadoop.conf.Configuration hadoop) {
    this.source = source;
    this.hadoop = hadoop;
    // Read with ignoreLeadingWhiteSpace, no field starts with a space: the line ends are still
    // seen.
    if (!source.format().equals("csv")) {
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
      out.add(RowPatterns.countIf(v.endsWith("\r")));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    long filled = 0;
    long spaced = 0;
    int columnsWithValues = 0;
    int allSpaced = 0;
    long carriageReturns = 0;
    for (int i = 0; i < columns.size(); i++) {
      long f = RowPatterns.at(r, offset + 3 * i);
      long s = RowPatterns.at(r, offset + 3 * i + 1);
      carriageReturns += RowPatterns.at(r, offset + 3 * i + 2);
      filled += f;
      spaced += s;
      if (f > 0) {
        columnsWithValues++;
        allSpaced += s == f ? 1 : 0;
      }
    }
    boolean delimiter =
        rows >= RowPatterns.MIN_ROWS && columnsWithValues > 1 && allSpaced >= columnsWithValues - 1;
    List<Finding> out = new ArrayList<>();
    lineEnds(carriageReturns).ifPresent(out::add);
    if (!delimiter && spacedHeader.isEmpty()) {
      return out;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", rows);
    evidence.put("fields_starting_with_space", spaced);
    evidence.put("fields", filled);
    evidence.put("header_names_with_space", (long) spacedHeader.size());
    out.add(
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
    return out;
  }

  /**
   * CRLF line ends: Spark's reader splits lines on them (INFO), unless a {@code lineSep} of "\n"
   * leaves a carriage return at the end of the last field (MEDIUM, with how many fields).
   */
  private java.util.Optional<Finding> lineEnds(long carriageReturns) {
    long[] ends = headLineEnds();
    if (ends[0] == 0 && carriageReturns == 0) {
      return java.util.Optional.empty();
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", carriageReturns);
    evidence.put("crlf_lines_in_head", ends[0]);
    evidence.put("lines_in_head", ends[1]);
    boolean broken = carriageReturns > 0;
    return java.util.Optional.of(
        new Finding(
            source.name(),
            "",
            Category.CORRUPT,
            "csv-crlf",
            broken ? Severity.MEDIUM : Severity.INFO,
            (ends[0] > 0
                    ? ends[0] + " of the first " + ends[1] + " lines end with CRLF (Windows)"
                    : "fields end with a carriage return")
                + (broken
                    ? ": "
                        + carriageReturns
                        + " fields keep a carriage return at their end; remove the lineSep"
                        + " option (Spark then splits on \\r\\n, \\r and \\n) or trim the last column"
                    : ": Spark's reader splits them as long as lineSep is not set;"
                        + " other tools that split on \\n alone keep a \\r in the last field"),
            evidence,
            List.of(),
            "# in sources."
                + source.name()
                + ".options: leave lineSep unset (CRLF line ends); with multiLine = true the"
                + " separator is detected"));
  }

  /** CRLF-ended lines and all lines in the first 64 KB of the source's first file. */
  private long[] headLineEnds() {
    if (hadoop == null || columns.isEmpty() || source.path().isEmpty()) {
      return new long[] {0, 0};
    }
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(source.path().get());
      org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(hadoop);
      org.apache.hadoop.fs.FileStatus[] files = fs.globStatus(path);
      org.apache.hadoop.fs.FileStatus first = null;
      for (org.apache.hadoop.fs.FileStatus f :
          files == null ? new org.apache.hadoop.fs.FileStatus[0] : files) {
        if (f.isFile()) {
          first = f;
          break;
        }
        if (f.isDirectory()) {
          for (org.apache.hadoop.fs.FileStatus g : fs.listStatus(f.getPath())) {
            if (g.isFile()
                && !g.getPath().getName().startsWith("_")
                && !g.getPath().getName().startsWith(".")) {
              first = g;
              break;
            }
          }
        }
        if (first != null) {
          break;
        }
      }
      if (first == null) {
        return new long[] {0, 0};
      }
      byte[] head = new byte[64 * 1024];
      int read;
      try (java.io.InputStream in = fs.open(first.getPath())) {
        read = in.readNBytes(head, 0, head.length);
      }
      long crlf = 0;
      long lines = 0;
      for (int i = 0; i < read; i++) {
        if (head[i] == '\n') {
          lines++;
          crlf += i > 0 && head[i - 1] == '\r' ? 1 : 0;
        }
      }
      return new long[] {crlf, lines};
    } catch (java.io.IOException e) {
      // The scan read the same file: a head that cannot be read again says nothing of its shape.
      return new long[] {0, 0};
    }
  }
}
