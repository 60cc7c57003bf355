package io.cutover.core.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates 20,000 customers once and checks the ground truth against the written data, counted
 * independently.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataGeneratorTest {
  private static final long ROWS = 20_000;
  private static final String EMAIL = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$";
  private static final String PHONE =
      "^(\\+33 [67]( \\d{2}){4}|0[67]\\d{8}|\\(\\d{3}\\) \\d{3}-\\d{4}"
          + "|\\d{3}\\.\\d{3}\\.\\d{4}|\\+1-\\d{3}-\\d{3}-\\d{4}|\\+\\d{2} \\d{9,11})$";
  private static final List<DateTimeFormatter> DATE_FORMATS =
      List.of(
          DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ENGLISH)
              .withResolverStyle(ResolverStyle.STRICT),
          DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ENGLISH)
              .withResolverStyle(ResolverStyle.STRICT),
          DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH)
              .withResolverStyle(ResolverStyle.STRICT));

  private final SparkSession spark;
  private Path legacy;
  private GroundTruth truth;
  private Dataset<Row> customers;
  private Dataset<Row> orders;

  DemoDataGeneratorTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void generate(@TempDir Path work) {
    legacy = work.resolve("legacy");
    truth = new DemoDataGenerator(spark, new DemoOptions(ROWS, 20261128, legacy.toString())).run();
    customers = spark.read().parquet(legacy.resolve("customers").toString()).cache();
    orders = spark.read().parquet(legacy.resolve("orders").toString()).cache();
  }

  @Test
  void writesTheColumnsTheSpecRelyOn() {
    assertThat(columns(customers))
        .containsExactly(
            "customer_id bigint",
            "first_name string",
            "last_name string",
            "email string",
            "phone string",
            "country string",
            "signup_date string",
            "last_login timestamp",
            "balance string",
            "plan string",
            "notes string",
            "active string",
            "is_active boolean",
            "fax string",
            "legacy_flag string",
            "middle_name string",
            "referral_code string",
            "updated_at timestamp");
    assertThat(columns(orders))
        .containsExactly(
            "order_id bigint",
            "customer_id bigint",
            "order_date date",
            "amount decimal(12,2)",
            "status string");
  }

  @Test
  void countsRowsPerDataset() {
    assertThat(customers.count()).as("customers").isEqualTo(ROWS);
    assertThat(orders.count()).as("orders").isEqualTo(2 * ROWS);
    assertThat(truth.rows())
        .containsExactly(Map.entry("customers", ROWS), Map.entry("orders", 2 * ROWS));
  }

  @Test
  void plantsEveryDefectAtItsRate() {
    assertThat(truth.defects())
        .extracting(d -> d.dataset() + "." + d.column() + ":" + d.kind() + "/" + d.type())
        .containsExactly(
            "customers.customer_id:dependency/duplicate-key",
            "customers.first_name:corrupt/mojibake",
            "customers.email:corrupt/invalid-email",
            "customers.signup_date:corrupt/invalid-date",
            "customers.balance:corrupt/thousands-separator",
            "customers.is_active:zombie/shadow",
            "customers.fax:zombie/all-null",
            "customers.legacy_flag:zombie/constant",
            "customers.middle_name:zombie/placeholder-only",
            "customers.referral_code:zombie/abandoned",
            "orders.customer_id:dependency/orphan-foreign-key");
    assertThat(rows("customers", "duplicate-key"))
        .as("rows sharing a duplicated key, ~0.4%")
        .isBetween(40L, 140L);
    assertThat(rows("customers", "mojibake")).as("garbled first names, ~0.2%").isBetween(20L, 70L);
    assertThat(rows("customers", "invalid-email")).as("invalid emails, ~0.5%").isBetween(60L, 150L);
    assertThat(rows("customers", "invalid-date"))
        .as("invalid signup dates, ~0.3%")
        .isBetween(30L, 100L);
    assertThat(rows("customers", "thousands-separator"))
        .as("balances with a comma, ~1%")
        .isBetween(140L, 270L);
    assertThat(rows("customers", "abandoned")).as("referral codes, ~24%").isBetween(4_000L, 5_600L);
    assertThat(rows("orders", "orphan-foreign-key"))
        .as("orphan orders, ~0.3%")
        .isBetween(80L, 170L);
    assertThat(truth.defect("customers", "shadow").detail()).isEqualTo("shadow of active");
    assertThat(truth.defect("orders", "orphan-foreign-key").detail())
        .isEqualTo("references customers.customer_id");
  }

  @Test
  void orphanOrdersMatchTheTruth() {
    long orphans =
        orders
            .join(
                customers.select("customer_id"),
                orders.col("customer_id").equalTo(customers.col("customer_id")),
                "left_anti")
            .count();

    assertThat(orphans)
        .as("orders whose customer does not exist")
        .isEqualTo(rows("orders", "orphan-foreign-key"));
  }

  @Test
  void duplicateKeysMatchTheTruth() {
    Row duplicates =
        customers
            .groupBy("customer_id")
            .count()
            .filter(col("count").gt(1))
            .agg(count(lit(1)), sum("count"), max("count"))
            .first();
    PlantedDefect planted = truth.defect("customers", "duplicate-key");

    assertThat(duplicates.getLong(0)).as("duplicated keys").isEqualTo(planted.keys());
    assertThat(duplicates.getLong(1)).as("rows sharing a duplicated key").isEqualTo(planted.rows());
    assertThat(duplicates.getLong(2)).as("rows per duplicated key").isEqualTo(2);
  }

  @Test
  void invalidEmailsMatchTheTruth() {
    long invalid =
        customers.filter(col("email").isNull().or(not(col("email").rlike(EMAIL)))).count();

    assertThat(invalid)
        .as("emails failing the regex")
        .isEqualTo(rows("customers", "invalid-email"));
  }

  @Test
  void mojibakeMatchesTheTruth() {
    long garbled =
        customers
            .filter(col("first_name").contains("Ã").or(col("first_name").contains("â€")))
            .count();
    long accented = customers.filter(col("first_name").rlike("[éëçøïöŁ]")).count();

    assertThat(garbled).as("first names with mojibake").isEqualTo(rows("customers", "mojibake"));
    assertThat(accented).as("correctly encoded accented names").isGreaterThan(ROWS / 4);
    assertThat(customers.filter(col("last_name").contains("Ã")).count())
        .as("garbled last names")
        .isZero();
  }

  @Test
  void invalidDatesMatchTheTruth() {
    List<String> dates = customers.select("signup_date").as(Encoders.STRING()).collectAsList();
    long invalid = dates.stream().filter(d -> parse(d) == null).count();
    long outOfRange =
        dates.stream()
            .map(DemoDataGeneratorTest::parse)
            .filter(d -> d != null && (d.getYear() < 2005 || d.getYear() > 2024))
            .count();

    assertThat(invalid)
        .as("signup dates in none of the three formats")
        .isEqualTo(rows("customers", "invalid-date"));
    assertThat(outOfRange).as("valid signup dates outside 2005..2024").isZero();
  }

  @Test
  void thousandsSeparatorsMatchTheTruth() {
    long withComma = customers.filter(col("balance").contains(",")).count();
    long malformed =
        customers
            .filter(not(col("balance").rlike("^-?[0-9]{1,3}(,?[0-9]{3})*\\.[0-9]{2}$")))
            .count();
    Row bounds =
        customers
            .selectExpr(
                "min(cast(replace(balance, ',', '') as decimal(12,2)))",
                "max(cast(replace(balance, ',', '') as decimal(12,2)))")
            .first();

    assertThat(withComma)
        .as("balances with a thousands separator")
        .isEqualTo(rows("customers", "thousands-separator"));
    assertThat(malformed).as("balances that are not two-decimal numbers").isZero();
    assertThat(bounds.getDecimal(0))
        .as("smallest balance")
        .isGreaterThanOrEqualTo(new BigDecimal("-10000"));
    assertThat(bounds.getDecimal(1))
        .as("largest balance")
        .isLessThanOrEqualTo(new BigDecimal("1000000"));
  }

  @Test
  void zombieColumnsAreDead() {
    assertThat(customers.filter(col("fax").isNotNull()).count()).as("fax values").isZero();
    assertThat(customers.select("legacy_flag").distinct().collectAsList())
        .as("legacy_flag values")
        .extracting(r -> r.getString(0))
        .containsExactly("Y");
    assertThat(
            customers.filter(not(col("is_active").eqNullSafe(col("active").equalTo("Y")))).count())
        .as("rows where is_active differs from active = 'Y'")
        .isZero();
    assertThat(customers.select("middle_name").distinct().collectAsList())
        .as("middle_name values")
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("", "N/A", "0");
  }

  @Test
  void referralCodesAreOnlyInStaleRows() {
    Timestamp cutoff = Timestamp.valueOf("2022-01-01 00:00:00");
    long fresh =
        customers
            .filter(col("referral_code").isNotNull().and(col("updated_at").geq(lit(cutoff))))
            .count();
    long stale = customers.filter(col("updated_at").lt(lit(cutoff))).count();
    long codes = customers.filter(col("referral_code").rlike("^REF-[0-9]{5}$")).count();

    assertThat(fresh).as("referral codes in rows updated since 2022").isZero();
    assertThat(codes).as("referral codes").isEqualTo(rows("customers", "abandoned"));
    assertThat(stale).as("rows not updated since 2022, ~40%").isBetween(7_400L, 8_600L);
  }

  @Test
  void cleanColumnsHaveNoDefects() {
    assertThat(truth.clean().get("customers"))
        .containsExactly(
            "last_name", "phone", "country", "last_login", "plan", "notes", "active", "updated_at");
    assertThat(truth.clean().get("orders"))
        .containsExactly("order_id", "order_date", "amount", "status");

    assertThat(customers.filter(col("phone").isNull().or(not(col("phone").rlike(PHONE)))).count())
        .as("phones in none of the six formats")
        .isZero();
    assertThat(
            customers
                .filter(
                    io.cutover.core.rules.Checks.phoneFit(col("phone"), col("country"))
                        .notEqual("FITS"))
                .count())
        .as("phones that are not valid numbers of their row's country")
        .isZero();
    assertThat(
            customers
                .filter(
                    not(
                        col("country")
                            .isin("FR", "DE", "US", "GB", "ES", "IT", "NL", "SE", "PL", "BE")))
                .count())
        .as("unknown countries")
        .isZero();
    assertThat(
            customers.filter(not(col("plan").isin("free", "basic", "pro", "enterprise"))).count())
        .as("unknown plans")
        .isZero();
    assertThat(
            customers
                .filter(
                    col("last_login")
                        .lt(lit(Timestamp.valueOf("2015-01-01 00:00:00")))
                        .or(col("last_login").geq(lit(Timestamp.valueOf("2026-07-01 00:00:00")))))
                .count())
        .as("last logins outside 2015..2026-06-30")
        .isZero();
    assertThat(
            customers
                .filter(
                    col("updated_at")
                        .lt(lit(Timestamp.valueOf("2018-01-01 00:00:00")))
                        .or(col("updated_at").geq(lit(Timestamp.valueOf("2026-11-01 00:00:00")))))
                .count())
        .as("updates outside 2018..2026-10-31")
        .isZero();
    assertThat(customers.filter(col("notes").isNotNull()).count())
        .as("notes filled, ~30%")
        .isBetween(5_400L, 6_600L);
    assertThat(orders.select("order_id").distinct().count())
        .as("distinct order ids")
        .isEqualTo(2 * ROWS);
    assertThat(
            orders
                .filter(
                    col("amount")
                        .leq(0)
                        .or(not(col("status").isin("paid", "shipped", "refunded", "cancelled"))))
                .count())
        .as("bad amounts or statuses")
        .isZero();
  }

  @Test
  void writesTheTruthNextToTheData() {
    assertThat(GroundTruth.read(legacy.resolve(DemoDataGenerator.TRUTH_FILE))).isEqualTo(truth);
    assertThat(truth.format()).isEqualTo("cutover.demo.ground-truth/1");
    assertThat(truth.seed()).isEqualTo(20261128);
  }

  private long rows(String dataset, String type) {
    long rows = truth.defect(dataset, type).rows();
    assertThat(rows).as("planted %s rows in %s", type, dataset).isPositive();
    return rows;
  }

  private static List<String> columns(Dataset<Row> data) {
    return Arrays.stream(data.schema().fields()).map(DemoDataGeneratorTest::describe).toList();
  }

  private static String describe(StructField field) {
    return field.name() + " " + field.dataType().simpleString();
  }

  private static LocalDate parse(String text) {
    for (DateTimeFormatter format : DATE_FORMATS) {
      try {
        return LocalDate.parse(text, format);
      } catch (DateTimeParseException e) {
        // try the next format
      }
    }
    return null;
  }
}
