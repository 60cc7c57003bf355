package io.cutover.audit;

import io.cutover.core.deequ.DeequMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * One finding per column whose type is not plain text, number, date or boolean (arrays, maps,
 * structs, binaries, intervals, JSON documents, a database's own types read as text), naming the
 * type and what the audit measured of it, so that the target is built to take it and nothing is
 * silently left unprofiled.
 */
final class TypeFindings {
  private static final Pattern BITS = Pattern.compile("bit\\((\\d+)\\)");

  private TypeFindings() {}

  static Optional<ColumnFindings.Draft> of(
      ColumnPlan plan, ColumnProfile p, DeequMetrics m, long rows) {
    String type =
        plan.type.simpleString()
            + plan.sourceType.map(t -> " (database type " + t + ")").orElse("");
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("spark_type", plan.type.simpleString());
    plan.sourceType.ifPresent(t -> evidence.put("source_type", t));
    evidence.put("non_null", p.nonNull());
    String held = p.nonNull() + " of " + rows + " rows hold a value";
    return Optional.ofNullable(
        switch (plan.kind) {
          case ARRAY, MAP -> collection(plan, m, rows, type, held, evidence);
          case BINARY -> {
            value(m, plan, "min_length").ifPresent(v -> evidence.put("min_length", v.longValue()));
            value(m, plan, "max_length").ifPresent(v -> evidence.put("max_length", v.longValue()));
            String lengths =
                evidence.containsKey("min_length")
                    ? ", "
                        + evidence.get("min_length")
                        + " to "
                        + evidence.get("max_length")
                        + " bytes long"
                    : "";
            yield draft(
                "binary-column",
                type
                    + ": "
                    + held
                    + lengths
                    + "; profiled by length only: reconcile binaries by checksum, the report shows none of their bytes",
                evidence);
          }
          case STRUCT ->
              draft(
                  "struct-column",
                  type
                      + " with "
                      + ((StructType) plan.type).fields().length
                      + " fields: only its nulls are profiled ("
                      + held
                      + "); flatten it in stage (one column per field) to audit the fields",
                  evidence);
          case INTERVAL ->
              draft(
                  "interval-column",
                  type
                      + ": only its nulls are profiled ("
                      + held
                      + "); stage must turn it into a number (seconds or months) or text for the target",
                  evidence);
          case OTHER ->
              draft(
                  "unsupported-type",
                  type
                      + ": skipped, only its nulls are counted ("
                      + held
                      + "); the audit has no profile for this type",
                  evidence);
          default -> text(plan, m, rows, type, held, evidence);
        });
  }

  private static ColumnFindings.Draft collection(
      ColumnPlan plan,
      DeequMetrics m,
      long rows,
      String type,
      String held,
      Map<String, Object> evidence) {
    value(m, plan, "min_size").ifPresent(v -> evidence.put("min_size", v.longValue()));
    value(m, plan, "max_size").ifPresent(v -> evidence.put("max_size", v.longValue()));
    value(m, plan, "mean_size")
        .ifPresent(v -> evidence.put("mean_size", Math.round(v * 1000) / 1000.0));
    long empty = m.count(plan.keys.get("empty"), rows);
    long nullElements = m.count(plan.keys.get("null_elements"), rows);
    evidence.put("empty", empty);
    evidence.put("with_null_element", nullElements);
    String sizes =
        evidence.containsKey("min_size")
            ? "; sizes "
                + evidence.get("min_size")
                + " to "
                + evidence.get("max_size")
                + " (mean "
                + evidence.get("mean_size")
                + ")"
            : "";
    String element = plan.kind == ColumnPlan.Kind.MAP ? "a null value" : "a null element";
    return draft(
        plan.kind == ColumnPlan.Kind.MAP ? "map-column" : "array-column",
        type
            + ": "
            + held
            + sizes
            + ", "
            + empty
            + " empty, "
            + nullElements
            + " with "
            + element
            + "; the target needs a list or map type, a child table or a serialised form",
        evidence);
  }

  /** JSON documents, and text whose database type is not plain; nothing for plain columns. */
  private static ColumnFindings.Draft text(
      ColumnPlan plan,
      DeequMetrics m,
      long rows,
      String type,
      String held,
      Map<String, Object> evidence) {
    if (plan.semantic == SemanticType.JSON) {
      long unparseable = m.count(plan.keys.get("invalid-json"), rows);
      evidence.put("unparseable", unparseable);
      return draft(
          "json-text",
          "JSON documents in "
              + type
              + ": "
              + held
              + ", "
              + unparseable
              + " do not parse as JSON; the target needs a JSON type or text",
          evidence);
    }
    if (plan.sourceType.isEmpty()) {
      return null;
    }
    String sourceType = plan.sourceType.get();
    Matcher bits = BITS.matcher(sourceType);
    if (bits.matches()
        && Integer.parseInt(bits.group(1)) > 1
        && plan.kind == ColumnPlan.Kind.BOOLEAN) {
      return new ColumnFindings.Draft(
          Category.TYPE,
          "database-type",
          Severity.MEDIUM,
          "database type "
              + sourceType
              + " is read by Spark as "
              + plan.type.simpleString()
              + ": every value but 0 becomes true and its bits are lost; read it with options.query casting it to an integer",
          evidence,
          null,
          "");
    }
    return draft(
        "database-type",
        "database type "
            + sourceType
            + ", read by Spark as "
            + plan.type.simpleString()
            + " ("
            + held
            + ") and profiled as such; give the target a matching type",
        evidence);
  }

  private static Optional<Double> value(DeequMetrics m, ColumnPlan plan, String key) {
    return plan.keys.containsKey(key) ? m.value(plan.keys.get(key)) : Optional.empty();
  }

  private static ColumnFindings.Draft draft(
      String type, String message, Map<String, Object> evidence) {
    return new ColumnFindings.Draft(
        Category.TYPE, type, Severity.INFO, message, evidence, null, "");
  }
}
