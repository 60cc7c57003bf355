package io.cutover.core.source;

import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the JDBC driver for a URL among the drivers on the classpath. Spark asks {@code
 * DriverManager} when a source names no {@code driver}, and under spark-submit that only sees the
 * drivers of the system class loader, not those in the application jar ("No suitable driver");
 * naming the class lets Spark load it from the jar itself.
 */
final class JdbcDrivers {
  private JdbcDrivers() {}

  static Optional<String> classFor(String url) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (Driver driver :
        ServiceLoader.load(
            Driver.class, loader == null ? JdbcDrivers.class.getClassLoader() : loader)) {
      try {
        if (driver.acceptsURL(url)) {
          return Optional.of(driver.getClass().getName());
        }
      } catch (SQLException e) {
        // a driver that cannot judge the URL is not the one for it
      }
    }
    return Optional.empty();
  }
}
