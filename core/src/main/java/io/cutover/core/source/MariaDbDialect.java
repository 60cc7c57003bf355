package io.cutover.core.source;

import java.util.Locale;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * Spark 3.5 knows MySQL's dialect only for jdbc:mysql URLs; with MariaDB's own jdbc:mariadb URL it
 * falls back to ANSI double quotes, which MariaDB reads as string literals (every row then holds
 * the column's name).
 */
final class MariaDbDialect extends JdbcDialect {
  private static final long serialVersionUID = 1L;
  private static volatile boolean registered;

  static void register() {
    if (!registered) {
      synchronized (MariaDbDialect.class) {
        if (!registered) {
          JdbcDialects.registerDialect(new MariaDbDialect());
          registered = true;
        }
      }
    }
  }

  @Override
  public boolean canHandle(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:mariadb");
  }

  @Override
  public String quoteIdentifier(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  @Override
  public String getTableExistsQuery(String table) {
    return "SELECT 1 FROM " + table + " LIMIT 1";
  }
}
