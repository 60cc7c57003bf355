package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.run.Progress;
import io.cutover.core.spec.Reference;
import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What hangs on what across datasets: orphan foreign keys for the references the spec declares, and
 * candidate references inferred from column names (orders.customer_id vs customers.customer_id)
 * confirmed by value overlap. Cost: one anti-join per declared reference and one join of distinct
 * values per candidate.
 */
final class DependencyAudit {
  private static final double CANDIDATE_OVERLAP = 0.5;
  private static final int EXAMPLES = 3;

  private final Map<String, SourceSpec> sources;
  private final Map<String, Dataset<Row>> data;
  private final Progress progress;

  DependencyAudit(
      Map<String, SourceSpec> sources, Map<String, Dataset<Row>> data, Progress progress) {
    this.sources = sources;
    this.data = data;
    this.progress = progress;
  }

  List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    for (SourceSpec child : sources.values()) {
      for (Reference ref : child.references()) {
        if (data.containsKey(ref.to()) && data.containsKey(child.name())) {
          orphans(child, ref).ifPresent(out::add);
          beforeParent(child, ref).ifPresent(out::add);
        }
      }
      for (Reference candidate : candidates(child)) {
        inferred(child, candidate).ifPresent(out::add);
      }
    }
    for (SourceSpec parent : sources.values()) {
      unreferenced(parent).ifPresent(out::add);
    }
    return out;
  }

  private Optional<Finding> orphans(SourceSpec child, Reference ref) {
    String what = child.name() + "." + ref.column() + " -> " + ref.to() + "." + ref.toColumn();
    describe("checking reference " + what);
    Dataset<Row> fk =
        data.get(child.name())
            .select(functions.col(Predicates.quote(ref.column())).as("fk"))
            .filter("fk IS NOT NULL");
    Dataset<Row> keys =
        data.get(ref.to())
            .select(functions.col(Predicates.quote(ref.toColumn())).as("k"))
            .distinct();
    Dataset<Row> orphans = fk.join(keys, fk.col("fk").equalTo(keys.col("k")), "left_anti");
    Row counts =
        orphans
            .agg(functions.count(functions.lit(1)), functions.countDistinct(functions.col("fk")))
            .first();
    long rows = counts.getLong(0);
    if (rows == 0) {
      return Optional.empty();
    }
    boolean personal = child.isPersonal(ref.column());
    List<String> examples =
        orphans
            .select(functions.col("fk").cast("string"))
            .distinct()
            .limit(EXAMPLES)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .map(v -> personal ? Masking.mask(v) : v)
            .toList();
    return Optional.of(
        new Finding(
            child.name(),
            ref.column(),
            Category.DEPENDENCY,
            "orphan-foreign-key",
            Severity.HIGH,
            rows
                + " rows point at "
                + counts.getLong(1)
                + " "
                + ref.to()
                + " that do not exist ("
                + what
                + ")",
            Map.of(
                "rows",
                rows,
                "missing_keys",
                counts.getLong(1),
                "references",
                ref.to() + "." + ref.toColumn()),
            examples,
            SuggestedRules.referenceExists(ref.column(), ref.to(), ref.toColumn())));
  }

  /**
   * Rows of a referenced dataset that no declared reference points at (addresses nobody lives at):
   * informational, since a parent may rightly stand alone, but a migration that moves customers
   * with what they own leaves them behind.
   */
  private Optional<Finding> unreferenced(SourceSpec parent) {
    List<String[]> pointing = new ArrayList<>();
    for (SourceSpec child : sources.values()) {
      for (Reference ref : child.references()) {
        if (ref.to().equals(parent.name())
            && data.containsKey(child.name())
            && data.containsKey(parent.name())) {
          pointing.add(new String[] {child.name(), ref.column(), ref.toColumn()});
        }
      }
    }
    if (pointing.isEmpty() || pointing.stream().map(p -> p[2]).distinct().count() > 1) {
      return Optional.empty();
    }
    String key = pointing.get(0)[2];
    describe("counting " + parent.name() + " rows nothing references");
    Dataset<Row> used = null;
    for (String[] p : pointing) {
      Dataset<Row> values =
          data.get(p[0])
              .select(functions.col(Predicates.quote(p[1])).cast("string").as("v"))
              .filter("v IS NOT NULL");
      used = used == null ? values : used.union(values);
    }
    Dataset<Row> keys =
        data.get(parent.name()).select(functions.col(Predicates.quote(key)).cast("string").as("k"));
    Row r =
        keys.join(used.distinct(), keys.col("k").equalTo(used.col("v")), "left_anti")
            .agg(functions.count(functions.lit(1)))
            .first();
    long alone = r.getLong(0);
    if (alone == 0) {
      return Optional.empty();
    }
    String by = String.join(", ", pointing.stream().map(p -> p[0] + "." + p[1]).toList());
    return Optional.of(
        new Finding(
            parent.name(),
            key,
            Category.DEPENDENCY,
            "unreferenced-parent",
            Severity.INFO,
            alone
                + " rows are referenced by nothing ("
                + by
                + "): decide whether they move on their own, with no customer to follow",
            Map.of("rows", alone, "referenced_by", by),
            List.of(),
            ""));
  }

  /**
   * A child's event before its parent's (paid before ordered, returned before rented): impossible
   * whatever the share. Each side's event is its first date or timestamp column that is not a
   * modification stamp.
   */
  private Optional<Finding> beforeParent(SourceSpec child, Reference ref) {
    Optional<String> childEvent = event(data.get(child.name()));
    Optional<String> parentEvent = event(data.get(ref.to()));
    if (childEvent.isEmpty() || parentEvent.isEmpty()) {
      return Optional.empty();
    }
    String what =
        child.name() + "." + childEvent.get() + " before " + ref.to() + "." + parentEvent.get();
    describe("checking the order of " + what);
    Dataset<Row> c =
        data.get(child.name())
            .select(
                functions.col(Predicates.quote(ref.column())).as("fk"),
                functions.col(Predicates.quote(childEvent.get())).cast("timestamp").as("child_at"));
    Dataset<Row> p =
        data.get(ref.to())
            .select(
                functions.col(Predicates.quote(ref.toColumn())).as("k"),
                functions
                    .col(Predicates.quote(parentEvent.get()))
                    .cast("timestamp")
                    .as("parent_at"));
    Row r =
        c.join(p, c.col("fk").equalTo(p.col("k")))
            .agg(
                functions.sum(
                    functions
                        .when(functions.col("child_at").lt(functions.col("parent_at")), 1L)
                        .otherwise(0L)),
                functions.count(
                    functions.when(
                        functions
                            .col("child_at")
                            .isNotNull()
                            .and(functions.col("parent_at").isNotNull()),
                        1)))
            .first();
    long before = r.isNullAt(0) ? 0 : r.getLong(0);
    if (before == 0) {
      return Optional.empty();
    }
    Map<String, Object> evidence = new java.util.LinkedHashMap<>();
    evidence.put("rows", before);
    evidence.put("compared", r.getLong(1));
    evidence.put("parent", ref.to() + "." + parentEvent.get());
    return Optional.of(
        new Finding(
            child.name(),
            childEvent.get(),
            Category.CORRUPT,
            "before-parent",
            Severity.MEDIUM,
            before
                + " of "
                + r.getLong(1)
                + " rows have "
                + what
                + " they belong to: an impossible history (clock, time zone or a reload"
                + " that shifted one table's dates); find out which date is right before migrating",
            evidence,
            List.of(),
            ""));
  }

  /** The first date or timestamp column that records an event, not a later change. */
  static Optional<String> event(Dataset<Row> rows) {
    for (org.apache.spark.sql.types.StructField f : rows.schema().fields()) {
      String n = f.name().toLowerCase(Locale.ROOT);
      boolean temporal =
          f.dataType() instanceof org.apache.spark.sql.types.DateType
              || f.dataType() instanceof org.apache.spark.sql.types.TimestampType
              || f.dataType() instanceof org.apache.spark.sql.types.TimestampNTZType;
      if (temporal
          && !n.matches(".*(update|modif|chang|last_|deleted|_at_sync|synced|loaded|birth).*")) {
        return Optional.of(f.name());
      }
    }
    return Optional.empty();
  }

  /**
   * Columns named like another source's key (or <source>_id, or <role>_<key>) that the spec does
   * not declare as references.
   */
  private List<Reference> candidates(SourceSpec child) {
    List<Reference> out = new ArrayList<>();
    if (!data.containsKey(child.name())) {
      return out;
    }
    for (String column : data.get(child.name()).columns()) {
      if (child.key().contains(column)
          || child.references().stream().anyMatch(r -> r.column().equals(column))) {
        continue;
      }
      for (SourceSpec parent : sources.values()) {
        if (parent == child || parent.key().size() != 1 || !data.containsKey(parent.name())) {
          continue;
        }
        String key = parent.key().get(0);
        String singular = parent.name().toLowerCase(Locale.ROOT).replaceAll("s$", "");
        String c = column.toLowerCase(Locale.ROOT);
        // manager_staff_id -> staff.staff_id: a role prefixed to the key's name
        if (c.equals(key.toLowerCase(Locale.ROOT))
            || c.endsWith("_" + key.toLowerCase(Locale.ROOT))
            || c.equals(singular + "_id")
            || c.equals(singular + "id")) {
          out.add(new Reference(column, parent.name(), key));
        }
      }
    }
    return out;
  }

  private Optional<Finding> inferred(SourceSpec child, Reference ref) {
    String what = child.name() + "." + ref.column() + " -> " + ref.to() + "." + ref.toColumn();
    describe("testing candidate reference " + what);
    Dataset<Row> values =
        data.get(child.name())
            .select(functions.col(Predicates.quote(ref.column())).cast("string").as("v"))
            .filter("v IS NOT NULL")
            .distinct();
    Dataset<Row> keys =
        data.get(ref.to())
            .select(functions.col(Predicates.quote(ref.toColumn())).cast("string").as("k"))
            .distinct();
    Row r =
        values
            .join(keys, values.col("v").equalTo(keys.col("k")), "left")
            .agg(functions.count(functions.lit(1)), functions.count(functions.col("k")))
            .first();
    long distinct = r.getLong(0);
    long matched = r.getLong(1);
    double overlap = distinct == 0 ? 0 : (double) matched / distinct;
    if (overlap < CANDIDATE_OVERLAP) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            child.name(),
            ref.column(),
            Category.DEPENDENCY,
            "candidate-reference",
            Severity.INFO,
            "looks like a reference to "
                + ref.to()
                + "."
                + ref.toColumn()
                + " ("
                + Math.round(overlap * 1000) / 10.0
                + "% of its "
                + distinct
                + " distinct values exist there) but the spec does not declare it: declare it under references to have orphans checked",
            Map.of(
                "distinct_values",
                distinct,
                "matched",
                matched,
                "overlap",
                DatasetAudit.share(matched, distinct)),
            List.of(),
            "# in sources."
                + child.name()
                + ": references = [ { column = "
                + ref.column()
                + ", to = "
                + ref.to()
                + ", to-column = "
                + ref.toColumn()
                + " } ]"));
  }

  private void describe(String stage) {
    progress.stage(stage);
    data.values()
        .iterator()
        .next()
        .sparkSession()
        .sparkContext()
        .setJobDescription("audit " + stage);
  }
}
