package io.cutover.core.demo;

import static io.cutover.core.demo.Draws.ID;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DecimalType;

/**
 * The legacy orders table: two orders per customer on average, with planted orphan customer
 * references.
 */
final class OrdersFrame implements DemoTable {
  static final String NAME = "orders";

  private final long customers;
  private final Draws draws;
  private final Column orphan;

  OrdersFrame(long customers, long seed) {
    this.customers = customers;
    this.draws = new Draws(seed, NAME);
    this.orphan = draws.chance("orphan", 30);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long rows() {
    return 2 * customers;
  }

  @Override
  public List<Column> columns() {
    return List.of(
        ID.plus(1).as("order_id"),
        customerId().as("customer_id"),
        draws
            .date("order-date", LocalDate.of(2015, 1, 1), LocalDate.of(2026, 10, 31))
            .as("order_date"),
        draws
            .below("amount", 500_000)
            .plus(1)
            .cast(new DecimalType(12, 0))
            .divide(100)
            .cast(new DecimalType(12, 2))
            .as("amount"),
        draws
            .weighted("status", List.of("paid", "shipped", "refunded", "cancelled"), 45, 40, 10, 5)
            .as("status"));
  }

  @Override
  public List<Plant> plants() {
    return List.of(Plant.orphans("customer_id", "references customers.customer_id", orphan));
  }

  /**
   * Customer keys of odd range ids j (key j + 1) always exist: the duplicate trick only rewrites
   * even rows. Orphans point past the largest customer key.
   */
  private Column customerId() {
    Column existing = draws.below("customer", customers / 2).multiply(2).plus(2);
    return when(orphan, lit(customers + 1_000_000L).plus(ID)).otherwise(existing);
  }
}
