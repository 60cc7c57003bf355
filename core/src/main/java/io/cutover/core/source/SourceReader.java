package io.cutover.core.source;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a legacy source as the spec describes it: files by format and path, databases over JDBC.
 * Lazy: no data is scanned here, but a missing path or an unreachable database fails now with a
 * message that names the source and the spec's file:line declaring it, with the cause (and never
 * its password).
 */
public final class SourceReader {
  /**
   * Holds the raw text of a CSV or JSON line that could not be parsed into the columns; null
   * otherwise.
   */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** Lines of a JSON file whose fields {@link #schema} takes as the file's columns. */
  private static final int JSON_SCHEMA_LINES = 1000;

  private final SparkSession spark;

  public SourceReader(SparkSession spark) {
    this.spark = spark;
    MariaDbDialect.register();
  }

  public Dataset<Row> read(SourceSpec source) {
    DataFrameReader reader = reader(source);
    Dataset<Row> frame;
    try {
      frame = source.isJdbc() ? reader.load() : loadFile(reader, source);
    } catch (Exception e) {
      throw unreadable(source, e);
    }
    requireColumns(source, frame.schema());
    return frame;
  }

  /**
   * The source's columns, opened without scanning its data: a database answers its query's schema
   * (Spark asks with {@code WHERE 1=0}), Parquet, ORC and Delta read their metadata, a CSV file its
   * header line and a JSON file its first {@value #JSON_SCHEMA_LINES} lines. Fails like {@link
   * #read}.
   */
  public StructType schema(SourceSpec source) {
    DataFrameReader reader = reader(source);
    StructType schema;
    try {
      schema = source.isJdbc() ? reader.load().schema() : fileSchema(reader, source);
    } catch (Exception e) {
      throw unreadable(source, e);
    }
    requireColumns(source, schema);
    return schema;
  }

  private DataFrameReader reader(SourceSpec source) {
    DataFrameReader reader = spark.read().format(source.format()).options(source.options());
    if (source.isJdbc() && !source.options().containsKey("driver")) {
      String url = source.options().getOrDefault("url", "");
      String driver =
          JdbcDrivers.classFor(url)
              .orElseThrow(
                  () ->
                      CutoverException.badInput(
                          source.declaredAt()
                              + ": cannot read source '"
                              + source.name()
                              + "' ("
                              + where(source)
                              + "): no JDBC driver on the classpath accepts this URL. Cutover ships PostgreSQL's "
                              + "(jdbc:postgresql://) and MariaDB's (jdbc:mariadb://); for another database add its driver jar (spark-submit --jars) and set "
                              + "options.driver in the spec."));
      reader = reader.option("driver", driver);
    }
    return reader;
  }

  /**
   * CSV and JSON lines that do not fit the columns are kept, never dropped: the schema gets a
   * {@value #CORRUPT_RECORD} column that holds the raw line (Spark's PERMISSIVE mode).
   */
  private static Dataset<Row> loadFile(DataFrameReader reader, SourceSpec source) {
    String path = source.path().orElseThrow();
    if (!source.format().equals("csv") && !source.format().equals("json")) {
      return reader.load(path);
    }
    StructType schema = reader.load(path).schema();
    if (!Arrays.asList(schema.fieldNames()).contains(CORRUPT_RECORD)) {
      schema = schema.add(CORRUPT_RECORD, DataTypes.StringType, true);
    }
    return reader
        .schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
        .load(path);
  }

  private StructType fileSchema(DataFrameReader reader, SourceSpec source) {
    String path = source.path().orElseThrow();
    Map<String, String> options = source.options();
    if (source.format().equals("csv")) {
      // Without type inference Spark reads only the header (or first) line for the column names.
      return reader.option("inferSchema", "false").load(path).schema();
    }
    if (source.format().equals("json")
        && !"true"
            .equalsIgnoreCase(
                options.getOrDefault("multiLine", options.getOrDefault("multiline", "false")))) {
      Dataset<String> firstLines =
          spark.read().options(options).text(path).limit(JSON_SCHEMA_LINES).as(Encoders.STRING());
      return spark.read().options(options).json(firstLines).schema();
    }
    return reader.load(path).schema();
  }

  /** Key, PII, last-updated and reference columns named in the spec must exist. */
  private static void requireColumns(SourceSpec source, StructType schema) {
    List<String> present = Arrays.asList(schema.fieldNames());
    Set<String> named = new LinkedHashSet<>(source.key());
    named.addAll(source.pii());
    source.lastUpdated().ifPresent(named::add);
    source.references().forEach(r -> named.add(r.column()));
    for (String column : named) {
      if (!present.contains(column)) {
        throw CutoverException.badInput(
            source.declaredAt()
                + ": source '"
                + source.name()
                + "' has no column '"
                + column
                + "' named in the spec; its columns are: "
                + String.join(", ", present)
                + ". Fix the column name in the spec.");
      }
    }
  }

  /**
   * Names the source, where the spec declares it, what was read and why it failed, with what to
   * check.
   */
  private static UnreadableSourceException unreadable(SourceSpec source, Exception e) {
    String check =
        source.isJdbc()
            ? "Check options.url, dbtable (or query), user and password in the spec, and that the database accepts connections."
            : "Check the source's path in the spec (a relative path is under the spec's work-dir).";
    String message =
        source.declaredAt()
            + ": cannot read source '"
            + source.name()
            + "' ("
            + where(source)
            + "): "
            + causes(e)
            + ". "
            + check;
    return new UnreadableSourceException(source.name(), source.withoutSecrets(message), e);
  }

  private static String where(SourceSpec source) {
    if (source.isJdbc()) {
      return source.withoutSecrets(source.options().get("url"))
          + ", "
          + source.options().getOrDefault("dbtable", "query");
    }
    return source.format() + " at " + source.path().orElse("?");
  }

  /**
   * The first line of each distinct message down the cause chain, e.g. a driver's sentence then
   * "Connection refused".
   */
  static String causes(Throwable e) {
    List<String> lines = new ArrayList<>();
    for (Throwable t = e;
        t != null && lines.size() < 3;
        t = t.getCause() == t ? null : t.getCause()) {
      String line = t.getMessage() == null ? "" : firstLine(t.getMessage());
      if (!line.isEmpty() && lines.stream().noneMatch(l -> l.contains(line))) {
        lines.add(line);
      }
    }
    return lines.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", lines);
  }

  /**
   * The first line, without Spark's [ERROR_CLASS] prefix or a closing period: the caller's own
   * sentence follows.
   */
  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = (nl < 0 ? message : message.substring(0, nl)).strip();
    line = line.replaceFirst("^\\[[A-Z0-9_.]+\\] ", "");
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }
}
