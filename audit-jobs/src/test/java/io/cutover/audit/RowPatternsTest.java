package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.SourceSpec;
import io.cutover.core.testing.SparkExtension;
import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each row pattern planted in a small inline table next to a look-alike that must stay silent
 * (pagila: DatabaseColumnTypesTest).
 */
@ExtendWith(SparkExtension.class)
class RowPatternsTest {
  private static final String BCRYPT = "$2b$12$" + "a".repeat(53);
  private final SparkSession spark;

  RowPatternsTest(SparkSession spark) {
    this.spark = spark;
  }

  private static SourceSpec source(String name, String... key) {
    return new SourceSpec(
        name,
        "parquet",
        Optional.of("/x"),
        Map.of(),
        List.of(key),
        Set.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        "test");
  }

  private List<Finding> patterns(StructType schema, List<Row> rows) {
    return new RowPatterns(
            source("t", "id"), spark.createDataFrame(rows, schema), Set.of("n/a", "-", "unknown"))
        .run();
  }

  private static Finding only(List<Finding> findings, String column, String type) {
    List<Finding> found =
        findings.stream().filter(f -> f.column().equals(column) && f.type().equals(type)).toList();
    assertThat(found).as(type + " on " + column + " in " + findings).hasSize(1);
    return found.get(0);
  }

  private static long rows(Finding f) {
    return ((Number) f.evidence().get("rows")).longValue();
  }

  @Test
  void weakPasswordHashesNeedAResetAndAChecksumIsNoPassword() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("password", DataTypes.StringType)
            .add("checksum", DataTypes.StringType)
            .add("token", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    String[] passwords = new String[20];
    for (int i = 0; i < 20; i++) {
      passwords[i] =
          i < 10
              ? BCRYPT
              : i < 15
                  ? "5f4dcc3b5aa765d61d8327deb882cf99"
                  : i < 18 ? "8cb2237d0679ca88db6464eac60da96345513964" : "hunter2";
      rows.add(
          RowFactory.create(
              i,
              passwords[i],
              "5f4dcc3b5aa765d61d8327deb882cf99",
              i < 15 ? "$argon2id$v=19$m=65536$xyz" : "plain"));
    }
    List<Finding> found = patterns(schema, rows);

    Finding weak = only(found, "password", "weak-password-hash");
    assertThat(weak.severity()).isEqualTo(Severity.HIGH);
    assertThat(weak.evidence())
        .containsEntry("md5", 5L)
        .containsEntry("sha1", 3L)
        .containsEntry("plain_text_or_unknown", 2L)
        .containsEntry("rows", 10L)
        .containsEntry("customer_action", "password-reset")
        .containsEntry("bcrypt", 10L);
    assertThat(weak.suggestedRule()).contains("password-reset");
    assertThat(found)
        .as("an md5 checksum is not a password")
        .noneMatch(f -> f.column().equals("checksum"));
    assertThat(only(found, "token", "credential-column").evidence())
        .containsEntry("crypt_values", 15L);
  }

  @Test
  void zeroAmountsAmongPositiveOnesButNotASignedBalance() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("amount", DataTypes.createDecimalType(10, 2))
            .add("balance", DataTypes.createDecimalType(10, 2))
            .add("store_id", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      rows.add(
          RowFactory.create(
              i,
              new BigDecimal(i == 7 ? "0.00" : "4.99"),
              new BigDecimal(i % 4 == 0 ? "-3.00" : "10.00"),
              i == 3 ? 0 : 1));
    }
    List<Finding> found = patterns(schema, rows);

    assertThat(only(found, "amount", "non-positive-amount").evidence())
        .containsEntry("zero", 1L)
        .containsEntry("negative", 0L)
        .containsEntry("positive", 119L);
    assertThat(found)
        .as("a balance is often negative; an id is no amount")
        .noneMatch(f -> f.column().equals("balance") || f.column().equals("store_id"));
  }

  @Test
  void datesInAnImpossibleOrderAndTwinColumnsThatDisagree() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("created", DataTypes.DateType)
            .add("updated", DataTypes.DateType)
            .add("birthday", DataTypes.DateType)
            .add("active", DataTypes.IntegerType)
            .add("activebool", DataTypes.BooleanType)
            .add("level", DataTypes.IntegerType)
            .add("levelflag", DataTypes.BooleanType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Date created = Date.valueOf("2020-01-01");
      Date updated = Date.valueOf(i == 5 ? "2019-12-01" : "2021-01-01");
      Date birthday = Date.valueOf(i % 2 == 0 ? "2019-06-01" : "2021-06-01");
      rows.add(
          RowFactory.create(i, created, updated, birthday, i < 3 ? 0 : 1, true, i % 3, i % 3 == 1));
    }
    List<Finding> found = patterns(schema, rows);

    Finding order = only(found, "updated", "impossible-order");
    assertThat(rows(order)).isEqualTo(1);
    assertThat(order.evidence()).containsEntry("usual_order", "created <= updated");
    assertThat(found)
        .as("half before, half after: no usual order")
        .noneMatch(f -> f.column().equals("birthday"));
    Finding twins = only(found, "active", "twin-columns-disagree");
    assertThat(rows(twins)).as("active = 0 while activebool is true").isEqualTo(3);
    assertThat(found)
        .as("level takes 2 too: not a 0/1 twin")
        .noneMatch(f -> f.column().equals("level"));
  }

  @Test
  void upperCaseNamesOneEmailDomainOnePhonePrefixAndLeadingZeros() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("first_name", DataTypes.StringType)
            .add("country", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("phone", DataTypes.StringType)
            .add("postcode", DataTypes.StringType)
            .add("city", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    String[] names = {"MARY", "PATRICIA", "LINDA", "BARBARA", "ELIZABETH"};
    for (int i = 0; i < 25; i++) {
      rows.add(
          RowFactory.create(
              i,
              names[i % 5],
              i % 2 == 0 ? "FR" : "US",
              names[i % 5] + "." + (char) ('A' + i) + "@SAKILACUSTOMER.ORG",
              "+33 6 12 34 56 " + (10 + i),
              i < 3 ? "080" + i : "4" + (100 + i),
              i % 2 == 0 ? "Paris" : "Lyon"));
    }
    List<Finding> found = patterns(schema, rows);

    assertThat(rows(only(found, "first_name", "all-upper-case"))).isEqualTo(25);
    assertThat(only(found, "email", "all-upper-case").suggestedRule())
        .as("emails: lower-case")
        .contains("lower");
    assertThat(only(found, "email", "constant-email-domain").evidence())
        .containsEntry("domain", "sakilacustomer.org");
    assertThat(only(found, "phone", "constant-prefix").evidence()).containsEntry("prefix", "+336");
    assertThat(rows(only(found, "postcode", "leading-zeros"))).isEqualTo(3);
    assertThat(found)
        .as("codes are upper-case by design; mixed case is fine")
        .noneMatch(f -> f.column().equals("country") || f.column().equals("city"));
    List<Row> codes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      codes.add(RowFactory.create(i, "AB" + (10 + i) + "CD", "FR", null, null, null, null));
    }
    assertThat(patterns(schema, codes))
        .as("codes with digits (AB12CD) are upper-case by design")
        .noneMatch(f -> f.type().equals("all-upper-case"));
  }

  @Test
  void internationalisedEmailsAreValidAndNamedButMojibakeIsNot() {
    StructType schema =
        new StructType().add("id", DataTypes.IntegerType).add("email", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String email =
          i < 3
              ? "jos\u00e9" + i + "@ex\u00e4mple.de"
              : i == 3 ? "jos\u00c3\u00a9@example.com" : "user" + i + "@example.com";
      rows.add(RowFactory.create(i, email));
    }
    assertThat(rows(only(patterns(schema, rows), "email", "internationalised-email")))
        .as("josé@exämple.de, not the mojibake")
        .isEqualTo(3);
  }

  @Test
  void emptyWrittenSeveralWaysIsCountedByForm() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("city", DataTypes.StringType)
            .add("notes", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String city = i < 4 ? null : i < 6 ? "" : i < 7 ? "   " : i < 10 ? "N/A" : "Paris";
      rows.add(RowFactory.create(i, city, i < 5 ? null : "note"));
    }
    Finding empty = only(patterns(schema, rows), "city", "empty-forms");
    assertThat(empty.evidence())
        .containsEntry("null", 4L)
        .containsEntry("empty_string", 2L)
        .containsEntry("blank", 1L)
        .containsEntry("placeholder", 3L);
    assertThat(patterns(schema, rows))
        .as("null alone is one form")
        .noneMatch(f -> f.column().equals("notes"));
  }

  @Test
  void tooFewRowsAreNoEvidence() {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("name", DataTypes.StringType)
            .add("created", DataTypes.DateType)
            .add("updated", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rows.add(
          RowFactory.create(
              i,
              "GENRE" + i,
              Date.valueOf("2020-01-01"),
              Date.valueOf(i == 0 ? "2019-01-01" : "2021-01-01")));
    }
    assertThat(patterns(schema, rows)).as("8 rows").isEmpty();
  }
}
