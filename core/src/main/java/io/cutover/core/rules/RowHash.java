package io.cutover.core.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * A 64-bit hash of a row's values, the same in stage (which records it) and reconcile (which
 * compares it). Each value is followed by its null flag, since xxhash64 skips nulls and (a, null)
 * would otherwise equal (null, a); maps, which Spark refuses to hash, are hashed as their JSON.
 */
public final class RowHash {
  private RowHash() {}

  /** The hash of {@code columns} of {@code rows}, in the order given. */
  public static Column ofColumns(Dataset<Row> rows, List<String> columns) {
    List<Column> parts = new ArrayList<>();
    for (String name : columns) {
      Column c = rows.col(Sql.column(name));
      parts.add(
          hasMap(rows.schema().apply(name).dataType())
              ? functions.to_json(functions.struct(c))
              : c);
      parts.add(c.isNull());
    }
    return functions.xxhash64(parts.toArray(Column[]::new));
  }

  private static boolean hasMap(DataType t) {
    if (t instanceof MapType) {
      return true;
    }
    if (t instanceof StructType s) {
      return java.util.Arrays.stream(s.fields()).anyMatch(f -> hasMap(f.dataType()));
    }
    return t instanceof ArrayType a && hasMap(a.elementType());
  }
}
