package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.cohort.CohortAssignment;
import io.cutover.core.spec.CohortSpec;
import io.cutover.core.spec.Reference;
import io.cutover.core.testing.SparkExtension;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A child row follows its parent key's outcome and cohort, on inline rows. */
@ExtendWith(SparkExtension.class)
class ParentOutcomeTest {
  private static final CohortSpec COHORTS = new CohortSpec("customers", 4, 11);
  private static final Reference TO_CUSTOMERS = new Reference("customer_id", "customers", "id");
  private static final StructType OUTCOME =
      new StructType()
          .add("kind", DataTypes.StringType)
          .add("rule", DataTypes.StringType)
          .add("reason", DataTypes.StringType);

  /** Customers through their rules: key, outcome (null: stages). */
  private static final StructType RULED =
      new StructType().add("id", DataTypes.LongType).add(StageColumns.OUTCOME, OUTCOME);

  private static final StructType ORDERS =
      new StructType()
          .add("order_id", DataTypes.LongType)
          .add("customer_id", DataTypes.IntegerType);

  private final SparkSession spark;

  ParentOutcomeTest(SparkSession spark) {
    this.spark = spark;
  }

  private static Row outcome(String kind, String rule) {
    return RowFactory.create(kind, rule, "why");
  }

  private Dataset<Row> orders(Object... orderAndCustomer) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < orderAndCustomer.length; i += 2) {
      rows.add(RowFactory.create(orderAndCustomer[i], orderAndCustomer[i + 1]));
    }
    return spark.createDataFrame(rows, ORDERS);
  }

  @Test
  void aChildIsQuarantinedUnlessItsParentKeyStages() {
    Dataset<Row> customers =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1L, null),
                RowFactory.create(2L, outcome(StageColumns.QUARANTINE, "normalize-email")),
                RowFactory.create(3L, outcome(StageColumns.EXCLUDED, "closed")),
                RowFactory.create(4L, outcome(StageColumns.MERGED, "dedupe")),
                RowFactory.create(4L, null),
                RowFactory.create(5L, outcome(StageColumns.MERGED, "dedupe-email"))),
            RULED);
    Dataset<Row> out =
        ParentOutcome.withParent(
            orders(10L, 1, 20L, 2, 30L, 3, 40L, 4, 50L, 5, 60L, 99, 70L, null),
            TO_CUSTOMERS,
            customers);

    Map<Long, String> why = new TreeMap<>();
    out.collectAsList()
        .forEach(
            r ->
                why.put(
                    r.getAs("order_id"), r.isNullAt(2) ? "stages" : r.getAs(ParentOutcome.COLUMN)));
    assertThat(why)
        .containsExactly(
            Map.entry(10L, "stages"),
            Map.entry(20L, "parent customers id 2 quarantined by rule normalize-email"),
            Map.entry(30L, "parent customers id 3 excluded by rule closed"),
            Map.entry(40L, "stages"),
            Map.entry(50L, "parent customers id 5 merged away by rule dedupe-email"),
            Map.entry(60L, "no customers id 99 (orphan)"),
            Map.entry(70L, "no customers id null (orphan)"));
    assertThat(out.columns())
        .as("the child's columns and the reason, nothing of the join")
        .containsExactly("order_id", "customer_id", ParentOutcome.COLUMN);
  }

  @Test
  void aChildTakesItsParentsCohortAndAnOrphanTheCohortItsReferenceHashesTo() {
    Dataset<Row> customers =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1L, null),
                RowFactory.create(2L, null),
                RowFactory.create(3L, null)),
            RULED);
    Dataset<Row> legacy =
        customers.withColumn(StageColumns.COHORT, CohortAssignment.of(COHORTS, List.of("id")));
    Map<Long, String> cohortOf = new TreeMap<>();
    legacy.collectAsList().forEach(r -> cohortOf.put(r.getAs("id"), r.getAs(StageColumns.COHORT)));
    Map<Long, String> orphan = new TreeMap<>();
    spark
        .createDataFrame(List.of(RowFactory.create(99L, null)), RULED)
        .withColumn(StageColumns.COHORT, CohortAssignment.of(COHORTS, List.of("id")))
        .collectAsList()
        .forEach(r -> orphan.put(r.getAs("id"), r.getAs(StageColumns.COHORT)));

    // The reference is an int, the key a bigint: read as the key is, or the hash (so the cohort)
    // would differ.
    Dataset<Row> orders =
        ParentOutcome.withCohort(
            orders(10L, 1, 20L, 2, 30L, 3, 40L, 99), TO_CUSTOMERS, legacy, COHORTS);
    Map<Long, String> got = new TreeMap<>();
    orders.collectAsList().forEach(r -> got.put(r.getAs("order_id"), r.getAs(StageColumns.COHORT)));
    assertThat(got)
        .containsExactly(
            Map.entry(10L, cohortOf.get(1L)),
            Map.entry(20L, cohortOf.get(2L)),
            Map.entry(30L, cohortOf.get(3L)),
            Map.entry(40L, orphan.get(99L)));
    assertThat(new java.util.HashSet<>(cohortOf.values()))
        .as("the customers are spread over more than one cohort")
        .hasSizeGreaterThan(1);

    // One level further down, the order's cohort comes from the order row, whatever its key hashes
    // to.
    StructType items =
        new StructType().add("item_id", DataTypes.LongType).add("order_id", DataTypes.LongType);
    Dataset<Row> lines =
        spark.createDataFrame(
            List.of(RowFactory.create(100L, 10L), RowFactory.create(200L, 30L)), items);
    Map<Long, String> lineCohorts = new TreeMap<>();
    ParentOutcome.withCohort(
            lines, new Reference("order_id", "orders", "order_id"), orders, COHORTS)
        .collectAsList()
        .forEach(r -> lineCohorts.put(r.getAs("item_id"), r.getAs(StageColumns.COHORT)));
    assertThat(lineCohorts)
        .containsExactly(Map.entry(100L, cohortOf.get(1L)), Map.entry(200L, cohortOf.get(3L)));
  }
}
