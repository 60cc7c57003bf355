package io.cutover.core.demo;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A generated legacy table: its columns and planted defects, all expressions over a {@code
 * spark.range} id.
 */
interface DemoTable {
  String name();

  long rows();

  List<Column> columns();

  List<Plant> plants();
}
