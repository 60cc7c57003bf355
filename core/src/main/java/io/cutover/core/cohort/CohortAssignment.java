package io.cutover.core.cohort;

import io.cutover.core.rules.Sql;
import io.cutover.core.spec.CohortSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The cohort of a customer row: xxhash64 of the seed and the key, modulo the cohort count, named
 * c00, c01, ... The same key, seed and count always give the same cohort; the key's type matters (a
 * long and its text hash differently), so every job reads the key as the source types it.
 */
public final class CohortAssignment {
  private CohortAssignment() {}

  public static Column of(CohortSpec cohorts, List<String> key) {
    return ofValues(cohorts, key.stream().map(k -> functions.col(Sql.column(k))).toList());
  }

  /**
   * The cohort of a customer whose key has these values (typed as the key is), wherever they are
   * read from.
   */
  public static Column ofValues(CohortSpec cohorts, List<Column> key) {
    List<Column> parts = new ArrayList<>();
    parts.add(functions.lit(cohorts.seed()));
    parts.addAll(key);
    Column bucket =
        functions.pmod(
            functions.xxhash64(parts.toArray(Column[]::new)),
            functions.lit((long) cohorts.count()));
    // The id as CohortSpec.id spells it. Not format_string: java.util.Formatter per row cost 2 to 3
    // times the
    // whole Parquet scan; the bucket is below the count, so it never has more digits than the
    // width.
    int width = cohorts.id(0).length() - 1;
    return functions.concat(functions.lit("c"), functions.lpad(bucket.cast("string"), width, "0"));
  }
}
