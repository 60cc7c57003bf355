package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;
import io.cutover.core.spec.AuditSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * Which metrics one column gets in the profiling scan, chosen by its type and what its values look
 * like, so that expensive analyzers (Deequ's DataType, regexes) run only where they can tell
 * something. Arrays and maps are profiled by size, binaries by length, from values derived in the
 * scan's own projection ({@link #derived}).
 */
final class ColumnPlan {
  enum Kind {
    STRING,
    NUMBER,
    TEMPORAL,
    BOOLEAN,
    ARRAY,
    MAP,
    STRUCT,
    BINARY,
    INTERVAL,
    OTHER;

    /**
     * Text, numbers, dates and booleans: the kinds with value counts, distinct counts and pattern
     * checks.
     */
    boolean plain() {
      return ordinal() <= BOOLEAN.ordinal();
    }
  }

  final String name;
  final DataType type;

  /**
   * The database's own name for the column's type (e.g. "tsvector", "char(5)"), for JDBC sources.
   */
  final Optional<String> sourceType;

  final Kind kind;
  final SemanticType semantic;
  final boolean pii;
  final Predicates predicates;

  /** Predicate name -> SQL, each counted in the scan and, when it finds rows, a finding. */
  final Map<String, String> counted = new LinkedHashMap<>();

  final Map<String, String> keys = new LinkedHashMap<>();

  /**
   * Column alias -> SQL: values derived from this column (an array's size, a binary's length) for
   * the scan to profile.
   */
  final Map<String, String> derived = new LinkedHashMap<>();

  private final int position;

  ColumnPlan(String name, DataType type, SemanticType semantic, boolean pii, AuditSpec audit) {
    this(name, type, Optional.empty(), semantic, pii, audit, 0);
  }

  /**
   * {@code position} is the column's place in the dataset, which keeps the names of derived values
   * apart.
   */
  ColumnPlan(
      String name,
      DataType type,
      Optional<String> sourceType,
      SemanticType semantic,
      boolean pii,
      AuditSpec audit,
      int position) {
    this.name = name;
    this.type = type;
    this.sourceType = sourceType;
    this.kind = kindOf(type);
    this.semantic = semantic;
    this.pii = pii;
    this.predicates = new Predicates(name, audit.placeholders());
    this.position = position;
    String c = predicates.column();
    switch (kind) {
      case ARRAY, MAP ->
          derived.put(
              alias("size"), "CASE WHEN " + c + " IS NULL THEN NULL ELSE size(" + c + ") END");
      case BINARY -> {
        derived.put(alias("length"), "length(" + c + ")");
        derived.put(alias("crc"), "crc32(" + c + ")");
      }
      default -> {}
    }
  }

  static Kind kindOf(DataType type) {
    if (type instanceof StringType) {
      return Kind.STRING;
    }
    if (type instanceof NumericType) {
      return Kind.NUMBER;
    }
    if (type instanceof DateType
        || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return Kind.TEMPORAL;
    }
    if (type instanceof BooleanType) {
      return Kind.BOOLEAN;
    }
    if (type instanceof ArrayType) {
      return Kind.ARRAY;
    }
    if (type instanceof MapType) {
      return Kind.MAP;
    }
    if (type instanceof StructType) {
      return Kind.STRUCT;
    }
    if (type instanceof BinaryType) {
      return Kind.BINARY;
    }
    if (type instanceof CalendarIntervalType
        || type instanceof DayTimeIntervalType
        || type instanceof YearMonthIntervalType) {
      return Kind.INTERVAL;
    }
    return Kind.OTHER;
  }

  /** Columns whose names say they hold personal data, whatever the spec says. */
  static boolean looksPersonal(String column, String dataset, SemanticType semantic) {
    return semantic == SemanticType.EMAIL
        || semantic == SemanticType.PHONE
        || io.cutover.core.privacy.Masking.looksPersonal(column, dataset);
  }

  /**
   * Adds this column's metrics to {@code metrics} (Deequ's scan, or the column's value counts) and
   * the numeric ones to Deequ's scan. {@code parsedRows} is a predicate true for rows that parsed
   * (CSV/JSON broken lines are counted once, as unparseable, not again as bad values in every
   * column).
   */
  void addTo(
      DeequAnalysis deequ,
      ColumnMetrics metrics,
      AuditSpec audit,
      Optional<String> lastUpdated,
      String parsedRows) {
    // Deequ's Completeness refuses nested columns; a predicate in the scan counts the same.
    keys.put(
        "completeness",
        kind.plain()
            ? metrics.completeness(name)
            : metrics.share(name, "completeness", predicates.column() + " IS NOT NULL"));
    switch (kind) {
      case ARRAY, MAP -> planCollection(deequ, metrics);
      case BINARY -> planBinary(deequ);
      default -> {}
    }
    // Structs, intervals and types Spark has no SQL for get their nulls counted only; a type
    // finding says so.
    if (!kind.plain()) {
      return;
    }
    keys.put("approx_distinct", metrics.approxDistinct(name));
    AuditSpec.Bounds bounds = audit.bounds().get(name);
    switch (kind) {
      case STRING -> planString(metrics, bounds);
      case NUMBER -> {
        keys.put("min", deequ.minimum(name));
        keys.put("max", deequ.maximum(name));
        keys.put("mean", deequ.mean(name));
        keys.put("stddev", deequ.stddev(name));
        if (bounds != null) {
          counted.put(
              "out-of-range", predicates.numberOutOfBounds(bounds.min(), bounds.max(), false));
        }
      }
      case TEMPORAL -> counted.put("out-of-range", predicates.temporalOutOfRange());
      default -> {}
    }
    if (lastUpdated.isPresent() && !lastUpdated.get().equals(name)) {
      String meaningful =
          kind == Kind.STRING ? predicates.meaningful() : predicates.column() + " IS NOT NULL";
      keys.put("meaningful_recent", metrics.shareOfRecent(name, "meaningful_recent", meaningful));
    }
    counted.forEach((check, sql) -> keys.put(check, metrics.shareOfParsed(name, check, sql)));
    // Examples are fetched with the same predicate, from the rows that parsed.
    counted.replaceAll((check, sql) -> "(" + sql + ") AND " + parsedRows);
  }

  /** Sizes (nulls left out), empty ones, and rows holding a null element (a map: a null value). */
  private void planCollection(DeequAnalysis deequ, ColumnMetrics metrics) {
    String c = predicates.column();
    String size = alias("size");
    keys.put("min_size", deequ.minimum(size));
    keys.put("max_size", deequ.maximum(size));
    keys.put("mean_size", deequ.mean(size));
    keys.put("empty", metrics.share(name, "empty", "size(" + c + ") = 0"));
    String elements = kind == Kind.MAP ? "map_values(" + c + ")" : c;
    keys.put(
        "null_elements",
        metrics.share(name, "null_elements", "exists(" + elements + ", e -> e IS NULL)"));
  }

  /**
   * Lengths in bytes, and a checksum whose minimum and maximum agree when every value is the same:
   * a constant binary (a default picture, an empty blob) is found without counting values.
   */
  private void planBinary(DeequAnalysis deequ) {
    String length = alias("length");
    String checksum = alias("crc");
    keys.put("min_length", deequ.minimum(length));
    keys.put("max_length", deequ.maximum(length));
    keys.put("min_crc", deequ.minimum(checksum));
    keys.put("max_crc", deequ.maximum(checksum));
  }

  private String alias(String what) {
    return "_cutover_" + what + "_" + position;
  }

  private void planString(ColumnMetrics metrics, AuditSpec.Bounds bounds) {
    keys.put("min_length", metrics.minLength(name));
    keys.put("max_length", metrics.maxLength(name));
    keys.put("blank", metrics.share(name, "blank", predicates.blank()));
    keys.put("placeholders", metrics.share(name, "placeholders", predicates.placeholder()));
    // Type inference only for free text and numbers kept as text: a semantic pattern already judges
    // the others.
    if ((semantic == SemanticType.NONE || semantic == SemanticType.NUMBER_TEXT)) {
      keys.put("data_type", metrics.dataType(name));
    }
    // Emails, phones, dates and numbers have ASCII-only patterns: a garbled or control character
    // already makes
    // the value invalid there, so the two regexes (a third of the scan) run only on free text.
    if (semantic == SemanticType.NONE) {
      counted.put("mojibake", predicates.mojibake());
      counted.put("control-characters", predicates.controlCharacters());
    }
    counted.put("padded", predicates.padded());
    switch (semantic) {
      case EMAIL -> counted.put("invalid-email", predicates.invalid(SemanticType.EMAIL));
      case PHONE -> counted.put("invalid-phone", predicates.invalid(SemanticType.PHONE));
      case DATE -> {
        counted.put("invalid-date", predicates.invalid(SemanticType.DATE));
        counted.put("out-of-range", predicates.dateOutOfRange());
      }
      case JSON -> counted.put("invalid-json", predicates.invalidJson());
      case NUMBER_TEXT -> {
        counted.put(
            "thousands-separator",
            "(" + predicates.meaningful() + ") AND " + predicates.thousands());
        counted.put("wrong-type", predicates.invalid(SemanticType.NUMBER_TEXT));
        if (bounds != null) {
          counted.put(
              "out-of-range",
              "("
                  + predicates.meaningful()
                  + ") AND "
                  + predicates.numberOutOfBounds(bounds.min(), bounds.max(), true));
        }
      }
      case NONE -> {}
    }
  }
}
