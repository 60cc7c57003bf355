package io.cutover.core.demo;

import org.apache.spark.sql.Column;

/**
 * A defect a table plants in one of its columns, with the flag (an expression over the range {@code
 * id}) that marks the rows carrying it. For duplicate keys the flag marks the second row of each
 * duplicated key.
 */
record Plant(String column, String kind, String type, String detail, Column marks, int rowsPerKey) {

  static Plant corrupt(String column, String type, String detail, Column marks) {
    return new Plant(column, "corrupt", type, detail, marks, 0);
  }

  static Plant zombie(String column, String type, String detail, Column marks) {
    return new Plant(column, "zombie", type, detail, marks, 0);
  }

  static Plant orphans(String column, String detail, Column marks) {
    return new Plant(column, "dependency", "orphan-foreign-key", detail, marks, 0);
  }

  static Plant duplicateKeys(String column, String detail, Column secondRows) {
    return new Plant(column, "dependency", "duplicate-key", detail, secondRows, 2);
  }

  PlantedDefect counted(String dataset, long marked) {
    if (rowsPerKey == 0) {
      return new PlantedDefect(dataset, column, kind, type, marked, 0, detail);
    }
    return new PlantedDefect(dataset, column, kind, type, marked * rowsPerKey, marked, detail);
  }
}
