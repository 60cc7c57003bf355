package io.cutover.core.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Spark types as the spec writes them. {@code varchar(n)} and {@code char(n)} are strings with a
 * maximum length: Spark keeps them as plain strings outside table schemas, so Cutover enforces the
 * length itself.
 */
public final class TargetTypes {
  private static final Pattern BOUNDED =
      Pattern.compile("(?i)\\s*(var)?char\\s*\\(\\s*([0-9]{1,9})\\s*\\)\\s*");

  private TargetTypes() {}

  /** The Spark type of {@code ddl}; throws when it is not one. */
  public static DataType parse(String ddl) {
    return BOUNDED.matcher(ddl).matches() ? DataTypes.StringType : DataType.fromDDL(ddl);
  }

  /** The length a {@code varchar(n)} or {@code char(n)} type allows. */
  public static Optional<Integer> maxLength(String ddl) {
    Matcher m = BOUNDED.matcher(ddl);
    return m.matches() ? Optional.of(Integer.parseInt(m.group(2))) : Optional.empty();
  }
}
