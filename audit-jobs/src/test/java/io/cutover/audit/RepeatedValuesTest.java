package io.cutover.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.SparkExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What repeats where it should not, planted in small inline tables beside look-alikes that must
 * stay silent: almost-keys and duplicate labels, categorical typos at any share, approximate
 * functional dependencies, a code and its label that disagree, shadows with rows where both are
 * null, constants on a handful of rows, and CSV files with CRLF line ends.
 */
@ExtendWith(SparkExtension.class)
class RepeatedValuesTest {
  private final SparkSession spark;
  @TempDir Path dir;

  RepeatedValuesTest(SparkSession spark) {
    this.spark = spark;
  }

  private AuditResult audit(String sources) throws IOException {
    return AuditSpecs.audit(spark, dir, sources);
  }

  private void parquet(String name, StructType schema, List<Row> rows) {
    spark.createDataFrame(rows, schema).write().parquet(dir.resolve(name).toString());
  }

  private static Finding only(AuditResult result, String dataset, String column, String type) {
    List<Finding> found =
        result.findings().stream()
            .filter(
                f ->
                    f.dataset().equals(dataset)
                        && f.column().equals(column)
                        && f.type().equals(type))
            .toList();
    assertThat(found).as(type + " on " + column + " in " + result.findings()).hasSize(1);
    return found.get(0);
  }

  private static long number(Finding f, String key) {
    return ((Number) f.evidence().get(key)).longValue();
  }

  @Test
  void aUsernameHeldByTwoAccountsAndACategoryNamedTwiceButNoRepeatedRowNorPlan()
      throws IOException {
    StructType users =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("username", DataTypes.StringType)
            .add("email", DataTypes.StringType)
            .add("plan", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      // user5 again as " User5" (only once folded), user7 twice more; id 50 is one row twice.
      String name = i == 101 ? " User5" : i == 102 || i == 103 ? "user7" : "user" + i;
      rows.add(
          RowFactory.create(
              i, name, "u" + i + "@mail" + i % 7 + ".example", i % 3 == 0 ? "gold" : "free"));
    }
    rows.add(RowFactory.create(50, "user50", "u50@mail1.example", "free"));
    parquet("users", users, rows);
    StructType codes =
        new StructType().add("id", DataTypes.IntegerType).add("name", DataTypes.StringType);
    List<Row> categories = new ArrayList<>();
    List<Row> languages = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      categories.add(RowFactory.create(i, i == 30 ? "drama " : i == 1 ? "Drama" : "Genre " + i));
      languages.add(RowFactory.create(i, "Language " + i));
    }
    parquet("category", codes, categories);
    parquet("language", codes, languages);

    AuditResult result =
        audit(
            "users { format = parquet, path = users, key = [id] }\n"
                + "category { format = parquet, path = category, key = [id] }\n"
                + "language { format = parquet, path = language, key = [id] }");

    Finding users5and7 = only(result, "users", "username", "almost-key");
    assertThat(number(users5and7, "values")).as("user5 and user7").isEqualTo(2);
    assertThat(number(users5and7, "rows")).as("2 rows of user5, 3 of user7").isEqualTo(5);
    assertThat(number(users5and7, "spelled_apart")).as("' User5' beside 'user5'").isEqualTo(1);
    assertThat(users5and7.examples()).as("usernames are personal: masked").hasSize(2);
    assertThat(String.join(" ", users5and7.examples())).doesNotContain("user7");
    Finding drama = only(result, "category", "name", "duplicate-label");
    assertThat(number(drama, "values")).isEqualTo(1);
    assertThat(number(drama, "rows")).isEqualTo(2);
    assertThat(drama.examples()).containsExactly("Drama / drama ");
    assertThat(result.findings())
        .as("unique emails, a plan, a clean code table, a row twice (a duplicate key only)")
        .filteredOn(f -> f.type().equals("almost-key") || f.type().equals("duplicate-label"))
        .hasSize(2);
  }

  @Test
  void eightStatesAndFortyMisspellingsOnTwoPercentOfRowsAtAnyScale() {
    String[] states = {"nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt"};
    for (int scale : new int[] {1, 10, 1000}) {
      Map<String, Long> counts = new LinkedHashMap<>();
      long[] share = {3200, 2500, 1900, 1000, 700, 250, 150, 100};
      for (int s = 0; s < states.length; s++) {
        counts.put(states[s], share[s] * scale);
      }
      // Five misspellings per state (letters swapped, doubled or changed, upper case), 39 in all
      // ('xa' is planted once): 1.6% of the rows at any scale.
      long variantRows = 0;
      Map<String, String> planted = new LinkedHashMap<>();
      for (String s : states) {
        List<String> typos =
            List.of(
                new StringBuilder(s).reverse().toString(),
                s + s.charAt(s.length() - 1),
                s.charAt(0) + "z" + s.substring(Math.min(2, s.length())),
                "x" + s.substring(1),
                s.toUpperCase());
        for (String t : typos) {
          if (!counts.containsKey(t) && !planted.containsKey(t)) {
            long n = 4L * scale;
            planted.put(t, s);
            counts.put(t, n);
            variantRows += n;
          }
        }
      }
      CategoricalTypos.Found found = CategoricalTypos.of(counts).orElseThrow();
      assertThat(found.real().keySet()).as("scale " + scale).containsExactlyInAnyOrder(states);
      assertThat(found.variants()).as("scale " + scale).isEqualTo(planted);
      assertThat(found.variantRows()).isEqualTo(variantRows);
    }
  }

  @Test
  void realButRarerCodesAreNoTypos() {
    // US states: CO is one letter from CA and far rarer, but on 2% of rows it is a state; WY is
    // one letter from NY on 0.13%.
    assertThat(
            CategoricalTypos.of(
                Map.of("CA", 10_000L, "TX", 8_000L, "CO", 400L, "NY", 5_000L, "WY", 30L)))
        .isEmpty();
    // Sizes and single letters: XS beside XL, U beside M.
    assertThat(
            CategoricalTypos.of(
                Map.of("M", 5_000L, "F", 5_000L, "U", 30L, "XL", 3_000L, "XS", 200L, "L", 3_000L)))
        .isEmpty();
    // A long tail of real names is not a code column.
    Map<String, Long> names = new LinkedHashMap<>();
    for (int i = 0; i < 80; i++) {
      names.put("Town" + i, 100L + i);
    }
    names.put("Towm1", 2L);
    assertThat(CategoricalTypos.of(names)).isEmpty();
  }

  @Test
  void aPostcodeInAnotherStateThanOnItsOtherRowsButNotAnIndependentSuburb() throws IOException {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("postcode", DataTypes.StringType)
            .add("suburb", DataTypes.StringType)
            .add("state", DataTypes.StringType);
    String[] states = {"nsw", "vic", "qld", "wa"};
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    int broken = 0;
    for (int i = 0; i < 400; i++) {
      int postcode = i % 40;
      String state = states[postcode % 4];
      if (i % 67 == 5) {
        state = states[(postcode + 1) % 4];
        broken++;
      }
      rows.add(
          RowFactory.create(i, String.valueOf(2000 + postcode), "s" + random.nextInt(10), state));
    }
    parquet("addresses", schema, rows);

    AuditResult result = audit("addresses { format = parquet, path = addresses, key = [id] }");

    Finding wrong = only(result, "addresses", "state", "dependency-broken");
    assertThat(number(wrong, "rows"))
        .as("rows in another state than their postcode")
        .isEqualTo(broken);
    assertThat(wrong.evidence()).containsEntry("determined_by", "postcode");
    assertThat(wrong.examples()).hasSize(3).allMatch(e -> e.startsWith("postcode 20"));
    assertThat(result.findings())
        .as("the suburb is independent of the state, the postcode fixes the suburb nowhere")
        .filteredOn(f -> f.type().equals("dependency-broken"))
        .hasSize(1);
  }

  @Test
  void aCodeAndItsLabelThatDisagreeAndAShadowWithRowsWhereBothAreNull() throws IOException {
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("status_code", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("tier", DataTypes.StringType)
            .add("tier_label", DataTypes.StringType)
            .add("flag", DataTypes.StringType);
    String[] codes = {"A", "I", "P"};
    String[] labels = {"Active", "Inactive", "Pending"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String label = labels[i % 3];
      if (i == 3 || i == 30 || i == 63) {
        label = "Inactive"; // code A on these three
      }
      // Rows 98 and 99 have neither tier: they do not hide that tier_label repeats tier.
      String tier = i >= 98 ? null : i % 2 == 0 ? "g" : "s";
      String tierLabel = i >= 98 ? null : i % 2 == 0 ? "gold" : "silver";
      rows.add(RowFactory.create(i, codes[i % 3], label, tier, tierLabel, "x"));
    }
    parquet("accounts", schema, rows);

    AuditResult result = audit("accounts { format = parquet, path = accounts, key = [id] }");

    Finding twins = only(result, "accounts", "status", "twin-columns-disagree");
    assertThat(number(twins, "rows")).as("A with Inactive").isEqualTo(3);
    assertThat(twins.evidence()).containsEntry("twin", "status_code");
    assertThat(twins.examples())
        .containsExactly("status_code=A with status=Inactive (3 rows; usually Active)");
    assertThat(only(result, "accounts", "tier_label", "shadow").evidence())
        .containsEntry("shadow_of", "tier");
    assertThat(only(result, "accounts", "flag", "constant").severity())
        .as("one value on 100 rows")
        .isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aConstantOnAHandfulOfRowsIsInformation() throws IOException {
    StructType schema =
        new StructType().add("id", DataTypes.IntegerType).add("kind", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      rows.add(RowFactory.create(i, "store"));
    }
    parquet("stores", schema, rows);

    Finding constant =
        only(
            audit("stores { format = parquet, path = stores, key = [id] }"),
            "stores",
            "kind",
            "constant");

    assertThat(constant.severity()).isEqualTo(Severity.INFO);
    assertThat(number(constant, "non_null")).isEqualTo(8);
    assertThat(constant.suggestedRule()).as("nothing to drop on this evidence").isEmpty();
  }

  @Test
  void windowsLineEndsAreNamedAndACarriageReturnLeftInTheLastFieldIsCounted() throws IOException {
    StringBuilder csv = new StringBuilder("id,name,city\r\n");
    for (int i = 0; i < 30; i++) {
      csv.append(i).append(",name").append(i).append(",town").append(i % 3).append("\r\n");
    }
    Files.createDirectories(dir.resolve("crlf"));
    Files.writeString(dir.resolve("crlf/people.csv"), csv.toString());

    AuditResult result =
        audit(
            "split { format = csv, path = crlf, key = [id], options { header = true } }\n"
                + "kept { format = csv, path = crlf, key = [id], options { header = true, lineSep = \"\\n\" } }");

    Finding split = only(result, "split", "", "csv-crlf");
    assertThat(split.severity()).isEqualTo(Severity.INFO);
    assertThat(number(split, "crlf_lines_in_head")).isEqualTo(31);
    assertThat(number(split, "rows")).isZero();
    Finding kept = only(result, "kept", "", "csv-crlf");
    assertThat(kept.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(number(kept, "rows")).as("last fields ending with \\r").isEqualTo(30);
  }
}
