package io.cutover.core.demo;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Random-looking but deterministic column values: each draw hashes the range's {@code id} with a
 * salt made from the seed, the table and the draw's purpose, so a seed gives the same data on any
 * cluster and in any partitioning.
 */
final class Draws {
  static final Column ID = col("id");

  private final long seed;
  private final String table;

  Draws(long seed, String table) {
    this.seed = seed;
    this.table = table;
  }

  /** A long in [0, bound), about uniform. */
  Column below(String purpose, long bound) {
    return pmod(xxhash64(lit(salt(purpose)), ID), lit(bound));
  }

  /** True on about {@code perTenThousand} rows in 10,000. */
  Column chance(String purpose, int perTenThousand) {
    return below(purpose, 10_000).lt(perTenThousand);
  }

  Column pick(String purpose, List<String> values) {
    return pick(below(purpose, values.size()), values);
  }

  /** The value at a 0-based index column. */
  static Column pick(Column index, List<String> values) {
    return element_at(
        array(values.stream().map(functions::lit).toArray(Column[]::new)),
        index.plus(1).cast("int"));
  }

  /** One of the values, each with its share in percent (the shares add up to 100). */
  Column weighted(String purpose, List<String> values, int... percents) {
    if (values.size() != percents.length || Arrays.stream(percents).sum() != 100) {
      throw new IllegalArgumentException(
          "shares of "
              + values
              + " must be one per value and add up to 100: "
              + Arrays.toString(percents));
    }
    Column roll = below(purpose, 100);
    Column chosen = null;
    int upTo = 0;
    for (int i = 0; i < values.size() - 1; i++) {
      upTo += percents[i];
      chosen =
          chosen == null
              ? when(roll.lt(upTo), values.get(i))
              : chosen.when(roll.lt(upTo), values.get(i));
    }
    return chosen == null ? lit(values.get(0)) : chosen.otherwise(values.get(values.size() - 1));
  }

  /** One of the choices, uniformly; a CASE WHEN, so only the chosen one is computed. */
  Column oneOf(String purpose, Column... choices) {
    Column roll = below(purpose, choices.length);
    Column chosen = when(roll.equalTo(0), choices[0]);
    for (int i = 1; i < choices.length - 1; i++) {
      chosen = chosen.when(roll.equalTo(i), choices[i]);
    }
    return chosen.otherwise(choices[choices.length - 1]);
  }

  /** A DATE from first to last, both included. */
  Column date(String purpose, LocalDate first, LocalDate last) {
    long days = ChronoUnit.DAYS.between(first, last) + 1;
    return date_add(to_date(lit(first.toString())), below(purpose, days).cast("int"));
  }

  /** A TIMESTAMP, to the second, from {@code from} included to {@code until} excluded. */
  Column instant(String purpose, Instant from, Instant until) {
    long seconds = Duration.between(from, until).toSeconds();
    return timestamp_seconds(lit(from.getEpochSecond()).plus(below(purpose, seconds)));
  }

  // Hashing a precomputed long per row is cheaper than hashing the seed, table and purpose strings
  // every time.
  private long salt(String purpose) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((seed + "/" + table + "/" + purpose).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
