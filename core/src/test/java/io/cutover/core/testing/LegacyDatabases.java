package io.cutover.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real legacy databases tests read over JDBC: PostgreSQL and MariaDB on 127.0.0.1, a scratch
 * database per test class, and the real pagila sample loaded once from {@code
 * ../shared/datasets/pagila} (about 4 s with psql) and kept for every later class and run: a marker
 * table says the load finished.
 */
public final class LegacyDatabases {
  public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  public static final String PAGILA = "cutover_pagila";
  private static final long PAGILA_LOCK =
      0x637574_7061L; // "cutpa": any constant shared by the JVMs
  private static final Path ROOT =
      Path.of(System.getProperty("cutover.repo.root", "..")).toAbsolutePath().normalize();
  public static final Path PAGILA_DUMP = ROOT.resolve("../shared/datasets/pagila").normalize();

  private LegacyDatabases() {}

  /** Runs statements on a PostgreSQL database as postgres. */
  public static void postgres(String database, String... statements) {
    run(POSTGRES + database + "?user=postgres", statements);
  }

  /** Runs statements on MariaDB as root ({@code database} may be empty). */
  public static void mariadb(String database, String... statements) {
    run(MARIADB + database + "?user=root", statements);
  }

  /** A fresh PostgreSQL database (dropped first if a failed run left it). */
  public static void freshPostgres(String database) {
    postgres(
        "postgres",
        "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)",
        "CREATE DATABASE " + database);
  }

  public static void freshMariadb(String database) {
    mariadb(
        "",
        "DROP DATABASE IF EXISTS " + database,
        "CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
  }

  /** The values of a query's first column, as text. */
  public static List<String> column(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (r.next()) {
        out.add(r.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * The pagila sample, loaded once: its JDBC URL (user postgres in the URL). Test JVMs run side by
   * side, so the check and the load hold a PostgreSQL advisory lock: one JVM loads, the others wait
   * and find it loaded.
   */
  public static synchronized String pagila() {
    try (Connection lock = DriverManager.getConnection(POSTGRES + "postgres?user=postgres");
        Statement s = lock.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + PAGILA_LOCK + ")");
      try {
        return loadPagilaOnce();
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + PAGILA_LOCK + ")");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock the pagila load: " + e.getMessage(), e);
    }
  }

  private static String loadPagilaOnce() {
    String url = POSTGRES + PAGILA + "?user=postgres";
    if (!column(
                POSTGRES + "postgres?user=postgres",
                "SELECT datname FROM pg_database WHERE datname = '" + PAGILA + "'")
            .isEmpty()
        && !column(
                url,
                "SELECT tablename FROM pg_tables WHERE schemaname = 'cutover_meta' AND tablename = 'loaded'")
            .isEmpty()) {
      return url;
    }
    if (!Files.isRegularFile(PAGILA_DUMP.resolve("pagila-data.sql"))) {
      throw new IllegalStateException(
          "The pagila dump is missing: expected pagila-schema.sql and pagila-data.sql in "
              + PAGILA_DUMP
              + " (../shared/datasets beside the repository, as CI has it)");
    }
    freshPostgres(PAGILA);
    for (String file : List.of("pagila-schema.sql", "pagila-data.sql")) {
      psql(file);
    }
    // The marker lives outside pagila's schema, so a whole-schema audit of public does not see it.
    postgres(
        PAGILA,
        "CREATE SCHEMA cutover_meta",
        "CREATE TABLE cutover_meta.loaded (at timestamptz DEFAULT now())");
    return url;
  }

  private static void psql(String file) {
    try {
      Path log = Files.createTempFile("psql", ".log");
      Process p =
          new ProcessBuilder(
                  "psql",
                  "-h",
                  "127.0.0.1",
                  "-U",
                  "postgres",
                  "-d",
                  PAGILA,
                  "-q",
                  "-v",
                  "ON_ERROR_STOP=1",
                  "-f",
                  PAGILA_DUMP.resolve(file).toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("psql -f " + file + " failed: " + Files.readString(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run psql: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void run(String url, String... statements) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(url + ": " + e.getMessage(), e);
    }
  }
}
