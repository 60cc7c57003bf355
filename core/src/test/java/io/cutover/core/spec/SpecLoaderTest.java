package io.cutover.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  private static final String VALID =
      """
            name = shop
            work-dir = /data/work
            sources {
              customers {
                format = csv
                path = legacy/customers.csv
                options { header = true }
                key = [id]
                pii = [email]
                last-updated = updated_at
              }
              orders {
                format = parquet
                path = "s3a://bucket/orders"
                key = [order_id]
                references = [ { column = customer_id, to = customers } ]
              }
            }
            cohorts { source = customers, count = 20, seed = 7 }
            target { table = customers, path = staged }
            """;

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static MigrationSpec load(Path file, Map<String, String> env) {
    return SpecLoader.load(file, env, Map.of());
  }

  private static final String THREE_SOURCES =
      """
            name = shop
            work-dir = /data/work
            sources {
              customers { format = parquet, path = legacy/customers, key = [id] }
              orders {
                format = parquet, path = legacy/orders, key = [order_id]
                references = [ { column = customer_id, to = customers } ]
              }
              items {
                format = parquet, path = legacy/items, key = [item_id]
                references = [ { column = order_id, to = orders } ]
              }
              rates { format = parquet, path = legacy/rates, key = [currency] }
            }
            cohorts { source = customers, count = 20, seed = 7 }
            target {
              table = customers
              path = staged
              tables.orders.columns { order_id { type = bigint, nullable = false } }
            }
            """;

  @Test
  void everySourceWithRulesThatReachesTheCohortSourceIsStagedParentsFirst() throws IOException {
    MigrationSpec spec =
        load(write("chain.conf", THREE_SOURCES + "rules { items = [] }\n"), Map.of());

    assertThat(spec.stagedSources())
        .as("orders without rules of its own: on the way from items to customers")
        .extracting(SourceSpec::name)
        .containsExactly("customers", "orders", "items");
    assertThat(spec.parentOf("items")).map(Reference::to).contains("orders");
    assertThat(spec.parentOf("customers")).isEmpty();
    TargetSpec orders = spec.targetOf("orders");
    assertThat(
            List.of(
                orders.stagedPath(),
                orders.quarantinePath(),
                orders.exclusionsPath(),
                orders.runsPath()))
        .containsExactly(
            "/data/work/staged/orders",
            "/data/work/staged/_quarantine_orders",
            "/data/work/staged/_exclusions_orders",
            "/data/work/staged/_runs");
    assertThat(orders.columns()).extracting(TargetSpec.Column::name).containsExactly("order_id");
    assertThat(spec.targetOf("customers")).isSameAs(spec.target());
    assertThat(spec.targetOf("items").columns())
        .as("no declared schema: the rules decide")
        .isEmpty();
  }

  @Test
  void rulesOfASourceThatFollowsNoCustomerAreRefusedWithTheirLine() throws IOException {
    Path file =
        write(
            "unreachable.conf",
            THREE_SOURCES
                + """
                rules {
                  rates = [ { type = trim, columns = [currency] } ]
                }
                target.tables.ordres.checks = []
                """);
    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining(
            file
                + ":22: rules.rates: rules for 'rates', which cannot be staged: it is not the cohort source 'customers'"
                + " and does not reference it")
        .hasMessageContaining(
            file
                + ":24: target.tables.ordres: no source 'ordres' is declared under 'sources'; did you mean 'orders'?");
  }

  @Test
  void aRelativeWorkDirIsMadeAbsoluteAgainstTheStartingDirectory() throws IOException {
    MigrationSpec spec =
        load(
            write("rel.conf", VALID.replace("work-dir = /data/work", "work-dir = cutover-work")),
            Map.of());

    Path expected = Path.of(System.getProperty("user.dir")).resolve("cutover-work");
    assertThat(spec.workDir())
        .as("Delta takes a relative path for a table name")
        .isEqualTo(expected.toString());
    assertThat(spec.source("customers").path())
        .contains(expected.resolve("legacy/customers.csv").toString());
    assertThat(spec.target().stagedPath()).startsWith(expected.toString());
    assertThat(spec.source("orders").path())
        .as("URIs stay as given")
        .contains("s3a://bucket/orders");
  }

  @Test
  void aJdbcSourceMayStandForAWholeSchemaOrSomeOfItsTables() throws IOException {
    String schema =
        VALID.replace(
            "  orders {",
            """
                  legacy { format = jdbc, options { url = "jdbc:postgresql://h/db" }, schema = public, tables = [customer, payment] }
                  orders {""");
    SourceSpec legacy = load(write("schema.conf", schema), Map.of()).source("legacy");
    assertThat(legacy.isSchema()).isTrue();
    assertThat(legacy.schema()).contains("public");
    assertThat(legacy.tables()).containsExactly("customer", "payment");

    Path bad =
        write(
            "bad-schema.conf",
            VALID.replace(
                "  orders {",
                """
                  a { format = jdbc, options { url = "jdbc:postgresql://h/db", dbtable = t }, schema = public }
                  b { format = csv, path = x.csv, schema = public }
                  c { format = jdbc, options { url = "jdbc:postgresql://h/db", dbtable = t }, tables = [t] }
                  orders {"""));
    assertThatThrownBy(() -> load(bad, Map.of()))
        .hasMessageContaining(
            "sources.a.schema: a source reads either one table (options.dbtable or options.query) or a whole schema")
        .hasMessageContaining("sources.b.schema: only a jdbc source reads a database schema")
        .hasMessageContaining("sources.c.tables: 'tables' lists tables of a schema: add schema");
  }

  @Test
  void readsAValidSpecIntoTypedRecordsWithDefaults() throws IOException {
    MigrationSpec spec = load(write("shop.conf", VALID), Map.of());

    assertThat(spec.name()).isEqualTo("shop");
    SourceSpec customers = spec.source("customers");
    assertThat(customers.format()).isEqualTo("csv");
    assertThat(customers.path())
        .as("relative paths resolve under work-dir")
        .contains("/data/work/legacy/customers.csv");
    assertThat(customers.options()).containsEntry("header", "true");
    assertThat(customers.key()).containsExactly("id");
    assertThat(customers.lastUpdated()).contains("updated_at");
    assertThat(spec.source("orders").path())
        .as("URIs are kept as given")
        .contains("s3a://bucket/orders");
    assertThat(spec.source("orders").references())
        .containsExactly(new Reference("customer_id", "customers", "id"));
    assertThat(spec.cohorts().ids()).hasSize(20).startsWith("c00", "c01").endsWith("c19");
    assertThat(spec.target().stagedPath()).isEqualTo("/data/work/staged/customers");
    assertThat(spec.reportsPath())
        .as("default from reference.conf")
        .isEqualTo("/data/work/reports");
    assertThat(spec.audit().placeholders()).contains("", "N/A", "1900-01-01");
    assertThat(spec.audit().nearEmptyShare()).isEqualTo(0.01);
    assertThat(spec.hash()).hasSize(64);
  }

  @Test
  void theDemoSpecInTheRepositoryIsValid() {
    Path demo =
        Path.of(System.getProperty("cutover.repo.root", "..")).resolve("rules/customers.conf");
    MigrationSpec spec = SpecLoader.load(demo, Map.of("CUTOVER_WORK", "/tmp/demo-work"), Map.of());

    assertThat(spec.workDir())
        .as("${?CUTOVER_WORK} overrides work-dir")
        .isEqualTo("/tmp/demo-work");
    assertThat(spec.sources()).containsOnlyKeys("customers", "orders");
    assertThat(spec.customers().pii()).contains("email", "phone");
    assertThat(spec.audit().bounds().get("balance").max()).isEqualTo(1_000_000.0);
  }

  @Test
  void commandLineOverridesWinOverTheFile() throws IOException {
    MigrationSpec spec =
        SpecLoader.load(write("shop.conf", VALID), Map.of(), Map.of("work-dir", "/elsewhere"));
    assertThat(spec.target().stagedPath()).isEqualTo("/elsewhere/staged/customers");
  }

  @Test
  void anUnknownKeyIsRejectedWithItsLineAndTheNearestKnownKey() throws IOException {
    Path file = write("typo.conf", VALID.replace("    format = parquet", "    fromat = parquet"));

    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            file + ":13: sources.orders.fromat: unknown key 'fromat'; did you mean 'format'?")
        .hasMessageContaining(
            file + ":12: sources.orders.format: missing required key 'format' (expected a string)");
  }

  @Test
  void everyProblemIsReportedAtOnceEachWithFileAndLine() throws IOException {
    String broken =
        VALID
            .replace("format = csv", "format = cvs")
            .replace("count = 20", "count = 0")
            .replace("to = customers", "to = clients")
            .replace("path = staged", "path = \"../../etc\"");
    Path file = write("broken.conf", broken);

    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .satisfies(e -> assertThat(((SpecException) e).problems()).hasSize(4))
        .hasMessageContaining(
            file
                + ":5: sources.customers.format: 'cvs' is not one of [csv, delta, jdbc, json, orc, parquet]; did you mean 'csv'?")
        .hasMessageContaining(
            file
                + ":16: sources.orders.references[0].to: source 'clients' is not declared under 'sources'")
        .hasMessageContaining(
            file + ":19: cohorts.count: expected a whole number between 1 and 10000, got 0")
        .hasMessageContaining(file + ":20: target.path: path '../../etc' contains '..'");
  }

  @Test
  void reconcileTolerancesAreReadPerColumnAndDefaultToExact() throws IOException {
    MigrationSpec spec =
        load(
            write(
                "tol.conf",
                VALID
                    + "reconcile { tolerances { balance { absolute = 0.05 }, city { relative = 0.01 } } }\n"),
            Map.of());

    assertThat(spec.reconcile().toleranceOf("balance").allows(100.0, 100.04)).isTrue();
    assertThat(spec.reconcile().toleranceOf("balance").allows(100.0, 100.06)).isFalse();
    assertThat(spec.reconcile().toleranceOf("city").allows(1000, 1010)).as("1% of 1000").isTrue();
    assertThat(spec.reconcile().toleranceOf("city").allows(1000, 1011)).isFalse();
    assertThat(spec.reconcile().toleranceOf("email").isExact()).isTrue();
    assertThat(spec.reconcile().toleranceOf("balance").origin()).isEqualTo("tol.conf:21");
    assertThat(spec.reconcile().categoricalMaxDistinct())
        .isEqualTo(ReconcileSpec.DEFAULT_CATEGORICAL_MAX_DISTINCT);
  }

  @Test
  void theCategoricalLimitIsAPositiveWholeNumber() throws IOException {
    assertThat(
            load(
                    write("cat.conf", VALID + "reconcile { categorical-max-distinct = 50 }\n"),
                    Map.of())
                .reconcile()
                .categoricalMaxDistinct())
        .isEqualTo(50);
    Path file = write("badcat.conf", VALID + "reconcile {\n  categorical-max-distinct = 0\n}\n");
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            file
                + ":22: reconcile.categorical-max-distinct: expected a whole number between 1 and 1000000, got 0");
  }

  @Test
  void aBadToleranceIsRejectedWithItsLine() throws IOException {
    String target =
        "target { table = customers, path = staged, columns { id { type = bigint }, balance { type = \"decimal(12,2)\" } } }";
    Path file =
        write(
            "badtol.conf",
            VALID.replace("target { table = customers, path = staged }", target)
                + "reconcile {\n  tolerances {\n    balanse { absolute = 0.05 }\n    balance { absolute = -1, relative = 2 }\n    id { }\n  }\n}\n");

    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            file
                + ":23: reconcile.tolerances.balanse: no target column 'balanse'; did you mean 'balance'?")
        .hasMessageContaining(
            file
                + ":24: reconcile.tolerances.balance.absolute: a tolerance cannot be negative, got -1.0")
        .hasMessageContaining(
            file
                + ":24: reconcile.tolerances.balance.relative: expected a number between 0 and 1, got 2.0")
        .hasMessageContaining(file + ":25: reconcile.tolerances.id: give 'absolute'");
  }

  @Test
  void aWrongTypeSaysWhatWasExpected() throws IOException {
    Path file = write("type.conf", VALID.replace("key = [order_id]", "key = { a = 1 }"));
    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining(
            file + ":15: sources.orders.key: expected a list of strings, got a section { ... }");
  }

  @Test
  void aMissingSectionIsNamed() throws IOException {
    Path file =
        write(
            "nocohorts.conf",
            VALID.replace("cohorts { source = customers, count = 20, seed = 7 }", ""));
    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining(file + ": cohorts: missing required section 'cohorts { ... }'");
  }

  @Test
  void aSyntaxErrorIsReportedWithItsLine() throws IOException {
    Path file =
        write(
            "syntax.conf",
            VALID.replace(
                "target { table = customers, path = staged }",
                "target { table = customers, path = staged"));
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageMatching(
            "(?s).*" + java.util.regex.Pattern.quote(file.toString()) + ":2\\d: .*");
  }

  @Test
  void aMissingFileSaysSo() {
    Path file = dir.resolve("absent.conf");
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(file + ": spec file does not exist");
  }

  @Test
  void unsafeNamesAndCohortIdsAreRefused() throws IOException {
    Path file =
        write(
            "names.conf",
            VALID.replace("table = customers", "table = \"customers; DROP TABLE x\""));
    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining("target.table: 'customers; DROP TABLE x' is not a valid name");
    assertThat(Names.checkCohortId("c07")).isEmpty();
    assertThat(Names.checkCohortId("../c07")).get().asString().contains("is not valid");
    assertThat(Names.checkCohortId("c07' OR '1'='1")).isPresent();
  }

  @Test
  void jdbcSourcesNeedAUrlAndATableAndTakeThePasswordFromTheEnvironment() throws IOException {
    String jdbc =
        VALID.replace(
            """
                    format = parquet
                    path = "s3a://bucket/orders"
                """,
            """
                    format = jdbc
                    options {
                      url = "jdbc:postgresql://127.0.0.1:5432/legacy"
                      dbtable = orders
                      user = cutover
                      password = ${?LEGACY_PASSWORD}
                    }
                """);
    MigrationSpec spec = load(write("jdbc.conf", jdbc), Map.of("LEGACY_PASSWORD", "s3cr3t-Pa55"));

    SourceSpec orders = spec.source("orders");
    assertThat(orders.options()).containsEntry("password", "s3cr3t-Pa55");
    assertThat(orders.toString()).doesNotContain("s3cr3t-Pa55").contains("password=*****");
    assertThat(spec.toString()).doesNotContain("s3cr3t-Pa55");

    Path noUrl =
        write("nourl.conf", jdbc.replace("url = \"jdbc:postgresql://127.0.0.1:5432/legacy\"", ""));
    assertThatThrownBy(() -> load(noUrl, Map.of()))
        .hasMessageContaining("sources.orders.options: a jdbc source needs options.url");
  }

  @Test
  void aSecretNeverAppearsInAnError() throws IOException {
    String leaky =
        VALID
            .replace(
                "options { header = true }",
                "options { header = true }\n    password = \"hunter2-XYZ\"")
            .replace("count = 20", "count = many");
    Path file = write("leak.conf", leaky);

    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining("sources.customers.password: unknown key 'password'")
        .hasMessageContaining("cohorts.count: expected a whole number")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-XYZ"));

    Path typed =
        write(
            "leak2.conf",
            VALID.replace("options { header = true }", "options { password = [\"hunter2-XYZ\"] }"));
    assertThatThrownBy(() -> load(typed, Map.of()))
        .hasMessageContaining("sources.customers.options.password: expected a plain value")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-XYZ"));
  }

  @Test
  void aRequiredEnvironmentVariableThatIsMissingIsNamed() throws IOException {
    Path file =
        write(
            "env.conf", VALID.replace("work-dir = /data/work", "work-dir = ${CUTOVER_TEST_WORK}"));
    assertThatThrownBy(() -> load(file, Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(file + ":2: ")
        .hasMessageContaining("CUTOVER_TEST_WORK");
  }

  @Test
  void unknownSparkSettingsAndAuditKeysAreRejected() throws IOException {
    Path file =
        write(
            "spark.conf",
            VALID
                + """
                spark.conf { "shuffle.partitions" = 8 }
                audit { near-empty-shere = 0.1 }
                """);
    assertThatThrownBy(() -> load(file, Map.of()))
        .hasMessageContaining("spark.conf: 'shuffle.partitions' is not a Spark setting")
        .hasMessageContaining(
            "audit.near-empty-shere: unknown key 'near-empty-shere'; did you mean 'near-empty-share'?");
  }
}
