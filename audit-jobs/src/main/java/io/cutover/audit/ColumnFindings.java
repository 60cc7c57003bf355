package io.cutover.audit;

import io.cutover.core.deequ.DeequMetrics;
import io.cutover.core.spec.AuditSpec;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one column's profile and counted predicates into findings: at most one zombie verdict (the
 * first that applies of all-null, placeholder-only, near-empty, constant, abandoned) and one
 * finding per corruption found.
 */
final class ColumnFindings {
  /** A share of bad values above which corruption is HIGH rather than MEDIUM. */
  private static final double HIGH_SHARE = 0.05;

  /**
   * Below this share of rows touched since the cutoff, a table is too stale to call any column
   * abandoned.
   */
  private static final double MIN_RECENT_SHARE = 0.01;

  private final SourceSpec source;
  private final AuditSpec audit;
  private final long rows;
  private final Optional<Long> recentRows;

  ColumnFindings(SourceSpec source, AuditSpec audit, long rows, Optional<Long> recentRows) {
    this.source = source;
    this.audit = audit;
    this.rows = rows;
    this.recentRows = recentRows;
  }

  /**
   * A finding before its examples are fetched; {@code predicate} selects the offending rows, if
   * any.
   */
  record Draft(
      Category category,
      String type,
      Severity severity,
      String message,
      Map<String, Object> evidence,
      String predicate,
      String rule) {
    Finding toFinding(String dataset, String column, List<String> examples) {
      return new Finding(
          dataset, column, category, type, severity, message, evidence, examples, rule);
    }
  }

  /**
   * {@code values}: exact counts of the low-cardinality columns; {@code allCounts}: those and the
   * counts of every text column with up to a thousand values, for the typo check.
   */
  List<Draft> of(
      ColumnPlan plan,
      ColumnProfile p,
      DeequMetrics metrics,
      ValueCounts values,
      ValueCounts allCounts) {
    List<Draft> out = new ArrayList<>();
    if (rows == 0) {
      return out;
    }
    boolean isKey = source.key().contains(plan.name);
    boolean isLastUpdated = source.lastUpdated().map(plan.name::equals).orElse(false);
    if (!isKey && !isLastUpdated) {
      zombie(plan, p, metrics, values).ifPresent(out::add);
    }
    if (isLastUpdated) {
      out.addAll(lastUpdated(plan, p, values));
    }
    if (plan.kind == ColumnPlan.Kind.STRING && !plan.pii && allCounts.has(plan.name)) {
      categoricalTypos(plan, allCounts).ifPresent(out::add);
    }
    if (p.meaningful() > 0) {
      plan.counted.forEach(
          (check, predicate) -> {
            long bad = metrics.count(plan.keys.get(check), rows);
            if (bad > 0) {
              out.add(corruption(plan, check, bad, p.meaningful(), predicate));
            }
          });
    }
    return out;
  }

  private Optional<Draft> zombie(
      ColumnPlan plan, ColumnProfile p, DeequMetrics metrics, ValueCounts values) {
    String c = plan.name;
    if (p.nonNull() == 0) {
      return Optional.of(
          zombie(
              c,
              "all-null",
              "every one of " + rows + " rows is null",
              evidence("rows", rows),
              null,
              c + " is all null"));
    }
    if (p.meaningful() == 0) {
      String held =
          p.histogram().isEmpty()
              ? "blanks and placeholders"
              : p.histogram().stream()
                  .map(v -> "'" + v.value() + "'")
                  .limit(5)
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("");
      return Optional.of(
          zombie(
              c,
              "placeholder-only",
              "holds only placeholders or blanks (" + held + "), never a real value",
              evidence(
                  "non_null", p.nonNull(), "blank", p.blank(), "placeholders", p.placeholders()),
              plan.predicates.column() + " IS NOT NULL",
              c + " holds only placeholders"));
    }
    if (p.meaningful() < audit.nearEmptyShare() * rows) {
      return Optional.of(
          zombie(
              c,
              "near-empty",
              "only "
                  + p.meaningful()
                  + " of "
                  + rows
                  + " rows hold a real value (threshold "
                  + audit.nearEmptyShare() * 100
                  + "%)",
              evidence(
                  "meaningful", p.meaningful(), "share", DatasetAudit.share(p.meaningful(), rows)),
              null,
              c + " is near-empty"));
    }
    boolean constant =
        values.has(c) && values.distinct(c) == 1
            || plan.kind == ColumnPlan.Kind.BINARY && sameBytes(plan, metrics);
    if (constant && p.nonNull() < RowPatterns.MIN_ROWS) {
      // One value on a handful of rows is no evidence of a dead column: said, not judged.
      return Optional.of(
          new Draft(
              Category.ZOMBIE,
              "constant",
              Severity.INFO,
              "holds one value on all "
                  + p.nonNull()
                  + " non-null rows, too few to call it a zombie: check whether it ever varies",
              evidence("non_null", p.nonNull(), "distinct", 1L),
              plan.predicates.column() + " IS NOT NULL",
              ""));
    }
    if (constant) {
      return Optional.of(
          zombie(
              c,
              "constant",
              "holds one value on all " + p.nonNull() + " non-null rows",
              evidence("non_null", p.nonNull(), "distinct", 1L),
              plan.predicates.column() + " IS NOT NULL",
              c + " is constant"));
    }
    String recentKey = plan.keys.get("meaningful_recent");
    if (recentKey != null
        && recentRows.isPresent()
        && recentRows.get() >= MIN_RECENT_SHARE * rows
        && metrics.count(recentKey, rows) == 0) {
      return Optional.of(
          zombie(
              c,
              "abandoned",
              "all "
                  + p.meaningful()
                  + " real values sit in rows not updated for "
                  + audit.abandonedAfterMonths()
                  + " months; none of the "
                  + recentRows.get()
                  + " recently updated rows has one",
              evidence(
                  "meaningful",
                  p.meaningful(),
                  "recent_rows",
                  recentRows.get(),
                  "months",
                  (long) audit.abandonedAfterMonths()),
              null,
              c
                  + " abandoned: no value in rows updated in the last "
                  + audit.abandonedAfterMonths()
                  + " months"));
    }
    return Optional.empty();
  }

  /** Every binary value of the same length and checksum: one value, copied on every row. */
  private static boolean sameBytes(ColumnPlan plan, DeequMetrics m) {
    return same(m, plan.keys.get("min_length"), plan.keys.get("max_length"))
        && same(m, plan.keys.get("min_crc"), plan.keys.get("max_crc"));
  }

  private static boolean same(DeequMetrics m, String minKey, String maxKey) {
    Optional<Double> min = m.value(minKey);
    return min.isPresent() && min.equals(m.value(maxKey));
  }

  /**
   * The column the spec names as last-updated is not judged a zombie (it must move), but reconcile
   * leans on it: a legacy row changed after staging is drift only if this column says so. Rows
   * without a value cannot show drift (a change to them fails reconcile as a defect); one timestamp
   * on every row says nothing was written since a bulk load, or that writes do not move it.
   */
  private List<Draft> lastUpdated(ColumnPlan plan, ColumnProfile p, ValueCounts values) {
    String c = plan.name;
    String setting = "sources." + source.name() + ".last-updated";
    List<Draft> out = new ArrayList<>();
    long missing = rows - p.nonNull();
    if (missing > 0) {
      out.add(
          new Draft(
              Category.DEPENDENCY,
              "last-updated-missing",
              Severity.MEDIUM,
              missing
                  + " of "
                  + rows
                  + " rows have no "
                  + c
                  + " ("
                  + setting
                  + "): a change made to them after staging cannot be told from a defect, so reconcile fails it instead of asking for a sync",
              evidence("rows", missing, "share", DatasetAudit.share(missing, rows)),
              null,
              "# "
                  + setting
                  + " = "
                  + c
                  + " is null on "
                  + missing
                  + " rows: fill it in the legacy source, or expect reconcile to fail changes to them"));
    }
    if (p.nonNull() > 1 && values.has(c) && values.distinct(c) == 1) {
      String value =
          values.of(c).keySet().stream().filter(java.util.Objects::nonNull).findFirst().orElse("");
      out.add(
          new Draft(
              Category.DEPENDENCY,
              "last-updated-constant",
              Severity.INFO,
              "holds one timestamp ("
                  + value
                  + ") on all "
                  + p.nonNull()
                  + " rows ("
                  + setting
                  + "): no row was written since a bulk load, or writes do not move it; reconcile tells drift from defects by it,"
                  + " so check that the legacy application sets it on every write",
              evidence("non_null", p.nonNull(), "distinct", 1L),
              null,
              "# "
                  + setting
                  + " = "
                  + c
                  + " holds one value on every row: check that every legacy write moves it before trusting drift detection"));
    }
    return out;
  }

  /**
   * A code column with rare variants of its values (typos), judged from its exact value counts
   * ({@link CategoricalTypos}); not for personal data.
   */
  private Optional<Draft> categoricalTypos(ColumnPlan plan, ValueCounts values) {
    Map<String, Long> meaningful = new LinkedHashMap<>();
    values
        .of(plan.name)
        .forEach(
            (v, n) -> {
              if (v != null && !ValueCounts.harmless(v, audit.placeholders())) {
                meaningful.put(v, n.rows());
              }
            });
    return CategoricalTypos.of(meaningful).map(found -> CategoricalTypos.draft(plan, found));
  }

  private static Draft zombie(
      String column,
      String type,
      String message,
      Map<String, Object> evidence,
      String predicate,
      String reason) {
    Severity severity = type.equals("near-empty") ? Severity.LOW : Severity.MEDIUM;
    return new Draft(
        Category.ZOMBIE,
        type,
        severity,
        message + ": do not migrate it",
        evidence,
        predicate,
        SuggestedRules.drop(column, "zombie: " + reason));
  }

  private Draft corruption(
      ColumnPlan plan, String check, long bad, long meaningful, String predicate) {
    double share = DatasetAudit.share(bad, meaningful);
    Severity severity =
        check.equals("padded")
            ? Severity.LOW
            : share >= HIGH_SHARE ? Severity.HIGH : Severity.MEDIUM;
    String what =
        switch (check) {
          case "invalid-email" -> "are not valid email addresses";
          case "invalid-phone" -> "are not valid phone numbers";
          case "invalid-date" ->
              "are not dates in any known format (impossible dates or free text)";
          case "out-of-range" -> "are out of range (" + range(plan) + ")";
          case "thousands-separator" ->
              "are numbers written with separators (1,234.50, 15.526,66 or 12,5)";
          case "wrong-type" -> "are not numbers, unlike the rest of the column";
          case "mojibake" ->
              "show mojibake (UTF-8 read as Latin-1 or Windows-1252, like 'JosÃ©' or 'â€™')";
          case "control-characters" -> "contain control characters";
          case "padded" -> "have leading or trailing spaces";
          case "invalid-json" -> "do not parse as JSON";
          default -> "fail check " + check;
        };
    return new Draft(
        Category.CORRUPT,
        check,
        severity,
        bad + " of " + meaningful + " values " + what,
        evidence("rows", bad, "share", share),
        predicate,
        SuggestedRules.forCorruption(check, plan.name, plan.semantic));
  }

  private String range(ColumnPlan plan) {
    AuditSpec.Bounds b = audit.bounds().get(plan.name);
    if (b != null) {
      return "bounds "
          + (b.min() == null ? "-inf" : b.min())
          + " .. "
          + (b.max() == null ? "+inf" : b.max());
    }
    return "before 1900 or in the future";
  }

  private static Map<String, Object> evidence(Object... pairs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
