package io.cutover.core.source;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.SourceSpec;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a legacy source as the spec describes it: files by format and path, databases over JDBC. Lazy: no
 * data is scanned here, but a missing path or an unreachable database fails now with a message that names
 * the source (and never its password).
 */
public final class SourceReader {
    /** Holds the raw text of a CSV or JSON line that could not be parsed into the columns; null otherwise. */
    public static final String CORRUPT_RECORD = "_corrupt_record";

    private final SparkSession spark;

    public SourceReader(SparkSession spark) {
        this.spark = spark;
        MariaDbDialect.register();
    }

    public Dataset<Row> read(SourceSpec source) {
        DataFrameReader reader = spark.read().format(source.format()).options(source.options());
        if (source.isJdbc() && !source.options().containsKey("driver")) {
            String url = source.options().getOrDefault("url", "");
            String driver = JdbcDrivers.classFor(url).orElseThrow(() -> CutoverException.badInput("Cannot read source '" + source.name() + "' ("
                    + where(source) + "): no JDBC driver on the classpath accepts this URL. Cutover ships PostgreSQL's (jdbc:postgresql://) and "
                    + "MariaDB's (jdbc:mariadb://); for another database add its driver jar (spark-submit --jars) and set options.driver in the spec."));
            reader = reader.option("driver", driver);
        }
        try {
            Dataset<Row> frame = source.isJdbc() ? reader.load() : loadFile(reader, source);
            requireColumns(source, frame);
            return frame;
        } catch (CutoverException e) {
            throw e;
        } catch (Exception e) {
            // Scala throws AnalysisException (checked in Java's eyes) without declaring it.
            if (e instanceof AnalysisException) {
                throw CutoverException.badInput("Cannot read source '" + source.name() + "' (" + where(source) + "): " + firstLine(e.getMessage())
                        + ". Check the path in the spec, or run 'cutover demo' to generate the demo data.");
            }
            throw CutoverException.runtime("Cannot read source '" + source.name() + "' (" + where(source) + "): " + firstLine(String.valueOf(e.getMessage())), e);
        }
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
        return reader.schema(schema).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT_RECORD).load(path);
    }

    /** Key, PII, last-updated and reference columns named in the spec must exist. */
    private static void requireColumns(SourceSpec source, Dataset<Row> frame) {
        List<String> present = Arrays.asList(frame.columns());
        java.util.Set<String> named = new java.util.LinkedHashSet<>(source.key());
        named.addAll(source.pii());
        source.lastUpdated().ifPresent(named::add);
        source.references().forEach(r -> named.add(r.column()));
        for (String column : named) {
            if (!present.contains(column)) {
                throw CutoverException.badInput("Source '" + source.name() + "' has no column '" + column + "' named in the spec; its columns are: "
                        + String.join(", ", present) + ". Fix the column name in the spec.");
            }
        }
    }

    private static String where(SourceSpec source) {
        if (source.isJdbc()) {
            return source.options().get("url") + ", " + source.options().getOrDefault("dbtable", "query");
        }
        return source.format() + " at " + source.path().orElse("?");
    }

    /** The first line, without a closing period: the caller's own sentence follows. */
    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = (nl < 0 ? message : message.substring(0, nl)).strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
