package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.run.Progress;
import io.cutover.core.source.SchemaSources;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import io.cutover.core.spec.SpecLoader;
import io.cutover.core.testing.LegacyDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog of real databases (PostgreSQL, MariaDB, and the pagila sample) against what their
 * data holds: each expected finding asserted on its own, with its numbers computed here by other
 * SQL, never the total.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.cutover.core.testing.SparkExtension.class)
class SchemaAuditTest {
  private static final String PG = "cutover_schema_audit";
  private static final String MARIA = "cutover_schema_audit";

  @TempDir Path dir;
  private final org.apache.spark.sql.SparkSession spark;

  SchemaAuditTest(org.apache.spark.sql.SparkSession spark) {
    this.spark = spark;
  }

  /** Every table's rows, read as the audit reads them. */
  private Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> rows(
      SchemaSources.Expanded expanded) {
    Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> out = new HashMap<>();
    expanded
        .tables()
        .forEach(
            (name, t) ->
                out.put(name, spark.read().format("jdbc").options(t.source().options()).load()));
    return out;
  }

  /**
   * The catalog's findings and the undeclared references DependencyAudit infers, on the tables'
   * rows.
   */
  private List<Finding> auditWithRows(SchemaSources.Expanded expanded) {
    Map<String, org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> data = rows(expanded);
    List<Finding> out =
        new java.util.ArrayList<>(new SchemaAudit(expanded.tables(), data, Progress.SILENT).run());
    Map<String, SourceSpec> sources = new java.util.LinkedHashMap<>();
    expanded.tables().keySet().forEach(n -> sources.put(n, expanded.sources().get(n)));
    out.addAll(new DependencyAudit(sources, data, Progress.SILENT).run());
    return out;
  }

  private MigrationSpec spec(String url, String user, String schema) throws IOException {
    Path file = dir.resolve("schema.conf");
    Files.writeString(
        file,
        "name = t\nwork-dir = \""
            + dir
            + "\"\nsources {\n  legacy { format = jdbc, options { url = \""
            + url
            + "\", user = "
            + user
            + " }, schema = \""
            + schema
            + "\" }\n  people { format = csv, path = people.csv, key = [id] }\n}\n"
            + "cohorts { source = people }\ntarget { table = people, path = staged }\n");
    return SpecLoader.load(file, Map.of(), Map.of());
  }

  private static List<Finding> audit(SchemaSources.Expanded expanded) {
    return new SchemaAudit(expanded.tables(), Map.of(), Progress.SILENT).run();
  }

  private static Finding only(List<Finding> findings, String dataset, String column, String type) {
    List<Finding> found =
        findings.stream()
            .filter(
                f ->
                    f.dataset().equals(dataset)
                        && f.column().equals(column)
                        && f.type().equals(type))
            .toList();
    assertThat(found).as(type + " on " + dataset + "." + column + " in " + findings).hasSize(1);
    return found.get(0);
  }

  private static boolean none(List<Finding> findings, String dataset, String column, String type) {
    return findings.stream()
        .noneMatch(
            f -> f.dataset().equals(dataset) && f.column().equals(column) && f.type().equals(type));
  }

  @Test
  void postgresCatalogAgainstItsData() throws IOException {
    LegacyDatabases.freshPostgres(PG);
    LegacyDatabases.postgres(
        PG,
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
        "CREATE TABLE staff (staff_id int PRIMARY KEY, login varchar(20) UNIQUE, code char(3), tags text[], doc tsvector, feeling mood, rank posint,"
            + " \"order\" int, \"größe\" int)",
        "INSERT INTO staff VALUES (1, 'Bob', 'AB', '{a,b}', 'a b', 'ok', 3, 1, 1), (2, 'bob ', 'C', NULL, NULL, 'sad', 1, 2, 2),"
            + " (3, 'ann', NULL, '{}', NULL, NULL, NULL, NULL, NULL), (4, 'ANN', NULL, NULL, NULL, NULL, NULL, NULL, NULL), (5, 'eve', NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "CREATE TABLE shop (shop_id int PRIMARY KEY, manager_staff_id int)",
        "INSERT INTO shop VALUES (1, 1), (2, 2), (3, NULL)",
        "CREATE TABLE lonely (lonely_id int PRIMARY KEY, staff_id int)",
        "INSERT INTO lonely VALUES (1, 1), (2, 99)",
        "CREATE TABLE visit (visit_id int, staff_id int, at date NOT NULL, PRIMARY KEY (at, visit_id)) PARTITION BY RANGE (at)",
        "CREATE TABLE visit_a PARTITION OF visit FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')",
        "CREATE TABLE visit_b PARTITION OF visit FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')",
        "ALTER TABLE visit_a ADD FOREIGN KEY (staff_id) REFERENCES staff (staff_id)",
        "INSERT INTO visit VALUES (1, 1, '2020-05-01'), (2, 9, '2021-05-01'), (3, 8, '2021-06-01'), (4, 2, '2021-07-01')");
    MigrationSpec spec = spec(LegacyDatabases.POSTGRES + PG, "postgres", "public");
    SchemaSources.Expanded expanded = SchemaSources.expand(spec.sources());

    assertThat(expanded.tables().keySet())
        .as("one dataset per table; partitions are read through their parent")
        .containsExactlyInAnyOrder("lonely", "shop", "staff", "visit");
    assertThat(expanded.sources().get("visit").key())
        .as("the primary key from the catalog")
        .containsExactly("at", "visit_id");
    assertThat(expanded.sources().get("staff").options())
        .containsEntry("dbtable", "\"public\".\"staff\"")
        .containsEntry("user", "postgres");

    List<Finding> findings = auditWithRows(expanded);
    String url = LegacyDatabases.POSTGRES + PG + "?user=postgres";
    assertThat(only(findings, "staff", "tags", "schema-type").suggestedRule()).contains("to_json");
    assertThat(only(findings, "staff", "doc", "schema-type").suggestedRule()).contains("drop");
    assertThat(only(findings, "staff", "feeling", "schema-type").suggestedRule())
        .contains("'sad', 'ok', 'happy'");
    assertThat(only(findings, "staff", "rank", "schema-type").suggestedRule())
        .as("the domain's CHECK on the column")
        .contains("`rank` > 0");
    assertThat(only(findings, "staff", "code", "schema-type").suggestedRule()).contains("trim");
    assertThat(only(findings, "staff", "order", "identifier").suggestedRule()).contains("order_");
    assertThat(only(findings, "staff", "größe", "identifier").suggestedRule()).contains("groe");

    long folded = collisions(LegacyDatabases.column(url, "SELECT login FROM staff"));
    assertThat(only(findings, "staff", "login", "unique-after-folding").evidence())
        .containsEntry("colliding_values", folded);
    assertThat(folded).as("Bob/bob  and ann/ANN").isEqualTo(2);

    Finding partition = only(findings, "visit", "staff_id", "partition-missing-foreign-key");
    long orphans =
        Long.parseLong(
            LegacyDatabases.column(
                    url,
                    "SELECT count(*) FROM visit_b v LEFT JOIN staff s USING (staff_id) WHERE s.staff_id IS NULL")
                .get(0));
    assertThat(partition.evidence())
        .containsEntry("missing_on", "visit_b")
        .containsEntry("orphan_rows_there", orphans);
    assertThat(orphans).isEqualTo(2);
    only(findings, "visit", "", "partitioned-table");

    assertThat(only(findings, "shop", "manager_staff_id", "candidate-reference").message())
        .as("a role before the key's name")
        .contains("staff.staff_id", "100.0%");
    assertThat(none(findings, "staff", "staff_id", "candidate-reference"))
        .as("a key is not its own reference")
        .isTrue();
  }

  @Test
  void mariadbCatalogAgainstItsData() throws IOException {
    LegacyDatabases.freshMariadb(MARIA);
    LegacyDatabases.mariadb(
        MARIA,
        "CREATE TABLE account (account_id int PRIMARY KEY, login varchar(20) COLLATE utf8mb4_bin UNIQUE, plan enum('free','pro'),"
            + " perms set('read','write'), since year, code char(4), big bigint unsigned, doc json, `select` int)",
        "INSERT INTO account VALUES (1, 'Bob', 'free', 'read', 2001, 'AB', 1, '{}', 1), (2, 'bob', 'pro', 'read,write', 1999, 'C', 2, '[]', 2),"
            + " (3, 'eve', NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "CREATE TABLE ticket (ticket_id int PRIMARY KEY, owner_account_id int)",
        "INSERT INTO ticket VALUES (1, 1), (2, 3)");
    SchemaSources.Expanded expanded =
        SchemaSources.expand(spec(LegacyDatabases.MARIADB + MARIA, "root", MARIA).sources());

    assertThat(expanded.tables().keySet()).containsExactlyInAnyOrder("account", "ticket");
    List<Finding> findings = auditWithRows(expanded);
    assertThat(only(findings, "account", "plan", "schema-type").suggestedRule())
        .contains("'free', 'pro'");
    only(findings, "account", "perms", "schema-type");
    assertThat(only(findings, "account", "since", "schema-type").suggestedRule())
        .contains("year(`since`)");
    only(findings, "account", "code", "schema-type");
    only(findings, "account", "big", "schema-type");
    only(findings, "account", "select", "identifier");
    long folded =
        collisions(
            LegacyDatabases.column(
                LegacyDatabases.MARIADB + MARIA + "?user=root", "SELECT login FROM account"));
    assertThat(only(findings, "account", "login", "unique-after-folding").evidence())
        .containsEntry("colliding_values", folded);
    assertThat(only(findings, "ticket", "owner_account_id", "candidate-reference").message())
        .contains("account.account_id");
    LegacyDatabases.mariadb("", "DROP DATABASE " + MARIA);
  }

  /**
   * pagila's documented shape: the last payment partition lacks the foreign keys its six siblings
   * declare; film holds a text-search vector, an array, an enum and a domain.
   */
  @Test
  void pagilaSchemaAsAWhole() throws IOException {
    String url = LegacyDatabases.pagila();
    SchemaSources.Expanded expanded =
        SchemaSources.expand(
            spec(LegacyDatabases.POSTGRES + LegacyDatabases.PAGILA, "postgres", "public")
                .sources());

    List<String> tables =
        LegacyDatabases.column(
            url,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition");
    assertThat(expanded.tables().keySet())
        .as("every table, payment's partitions folded into it")
        .containsExactlyInAnyOrderElementsOf(tables);
    assertThat(expanded.sources().get("customer").references())
        .as("declared foreign keys become references")
        .anyMatch(r -> r.column().equals("address_id") && r.to().equals("address"));
    assertThat(expanded.sources().get("payment").references())
        .as("a foreign key of some partitions is checked on the whole table")
        .anyMatch(r -> r.column().equals("customer_id") && r.to().equals("customer"));

    List<Finding> findings = audit(expanded);
    List<String> partitions =
        LegacyDatabases.column(
            url,
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'payment'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'"
                + " AND k.conname LIKE '%customer_id%')");
    assertThat(
            only(findings, "payment", "customer_id", "partition-missing-foreign-key")
                .evidence()
                .get("missing_on"))
        .isEqualTo(String.join(", ", partitions));
    only(findings, "film", "fulltext", "schema-type");
    only(findings, "film", "special_features", "schema-type");
    only(findings, "film", "rating", "schema-type");
    assertThat(only(findings, "film", "release_year", "schema-type").suggestedRule())
        .contains("1901");
  }

  /** How many trimmed, lower-cased values occur more than once: the test's own count. */
  private static long collisions(List<String> values) {
    Map<String, Integer> n = new HashMap<>();
    values.stream()
        .filter(v -> v != null)
        .forEach(v -> n.merge(v.trim().toLowerCase(Locale.ROOT), 1, Integer::sum));
    return n.values().stream().filter(c -> c > 1).count();
  }
}
