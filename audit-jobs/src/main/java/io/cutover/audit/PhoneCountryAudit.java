package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.Checks;
import io.cutover.core.rules.PhoneNumbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Phones against their row's country: an international number of another country (+33 on a US row),
 * and numbers that are not valid for the row's country (a national number normalize-phone could
 * only read as another country's, or not at all). Runs where a dataset has a phone column and a
 * country column, found by name (country, country_code, cc, ...) or by values that are mostly ISO
 * country codes. Cost: one scan of the two columns per phone column (libphonenumber on each phone;
 * a number seen before is read once, see {@link PhoneNumbers}), and a limited scan for examples
 * when something is found.
 */
final class PhoneCountryAudit {
  private static final Set<String> COUNTRY_NAMES =
      Set.of(
          "country",
          "country_code",
          "countrycode",
          "country_iso",
          "iso_country",
          "cc",
          "ctry",
          "country_cd");

  /**
   * Share of a column's real values that must be country codes for the values alone to make it the
   * country column.
   */
  private static final double CODES_SHARE = 0.9;

  private static final double HIGH_SHARE = 0.05;
  private static final int EXAMPLES = 3;

  private final String dataset;
  private final Dataset<Row> data;
  private final String parsedRows;

  PhoneCountryAudit(String dataset, Dataset<Row> data, String parsedRows) {
    this.dataset = dataset;
    this.data = data;
    this.parsedRows = parsedRows;
  }

  /**
   * The column that holds each row's country: a string column named like one whose counted values
   * (if counted) are mostly regions libphonenumber knows, else the first column whose values are
   * almost all 2- or 3-letter codes.
   */
  static Optional<String> countryColumn(
      List<ColumnPlan> plans, ValueCounts values, Set<String> placeholders) {
    List<ColumnPlan> text =
        plans.stream()
            .filter(p -> p.kind == ColumnPlan.Kind.STRING && p.semantic == SemanticType.NONE)
            .toList();
    for (ColumnPlan p : text) {
      String name = p.name.toLowerCase(Locale.ROOT);
      if ((COUNTRY_NAMES.contains(name) || name.endsWith("_country") || name.startsWith("country_"))
          && (!values.has(p.name) || regionShare(values, p.name, placeholders, false) >= 0.5)) {
        return Optional.of(p.name);
      }
    }
    return text.stream()
        .filter(
            p ->
                values.has(p.name)
                    && regionShare(values, p.name, placeholders, true) >= CODES_SHARE)
        .map(p -> p.name)
        .findFirst();
  }

  /**
   * Rows whose real value is a region (by code, or also by name unless {@code codesOnly}), of the
   * rows with a real value.
   */
  private static double regionShare(
      ValueCounts values, String column, Set<String> placeholders, boolean codesOnly) {
    long real = 0;
    long regions = 0;
    for (Map.Entry<String, ValueCounts.Count> e : values.of(column).entrySet()) {
      String v = e.getKey();
      if (v == null || ValueCounts.harmless(v, placeholders)) {
        continue;
      }
      real += e.getValue().rows();
      boolean code = !codesOnly || v.trim().matches("[A-Za-z]{2,3}");
      if (code && PhoneNumbers.region(v).isPresent()) {
        regions += e.getValue().rows();
      }
    }
    return real == 0 ? 0 : (double) regions / real;
  }

  /** The findings on one phone column, judged against {@code country}. */
  List<Finding> of(ColumnPlan phone, String country) {
    String meaningful = "(" + phone.predicates.meaningful() + ") AND " + parsedRows;
    Column fit =
        Checks.phoneFit(
            functions.col(Predicates.quote(phone.name)), functions.col(Predicates.quote(country)));
    Dataset<Row> judged = data.filter(functions.expr(meaningful)).select(fit.as("fit"));
    Row counts =
        judged
            .agg(
                rowsWhere(PhoneNumbers.Fit.OTHER_COUNTRY),
                rowsWhere(PhoneNumbers.Fit.NOT_VALID),
                functions.count(
                    functions.when(
                        functions.col("fit").notEqual(PhoneNumbers.Fit.NO_COUNTRY.name()), 1)))
            .first();
    long other = counts.getLong(0);
    long notValid = counts.getLong(1);
    long judgedRows = counts.getLong(2);
    String rule = SuggestedRules.normalizePhone(phone.name, country);
    List<Finding> out = new ArrayList<>();
    if (other > 0) {
      out.add(
          finding(
              phone,
              country,
              "phone-country-mismatch",
              other,
              judgedRows,
              "are numbers of another country than the row's "
                  + country
                  + " (an international number such as +33 on a US row): staged as they are they would contact someone abroad",
              rule));
    }
    if (notValid > 0) {
      out.add(
          finding(
              phone,
              country,
              "phone-not-valid-for-country",
              notValid,
              judgedRows,
              "are not valid numbers for the row's "
                  + country
                  + ": read as national numbers of that country they mean nothing, or another number",
              rule));
    }
    return out;
  }

  private static Column rowsWhere(PhoneNumbers.Fit fit) {
    return functions.coalesce(
        functions.sum(functions.when(functions.col("fit").equalTo(fit.name()), 1L).otherwise(0L)),
        functions.lit(0L));
  }

  private Finding finding(
      ColumnPlan phone,
      String country,
      String type,
      long rows,
      long judged,
      String what,
      String rule) {
    double share = DatasetAudit.share(rows, judged);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", rows);
    evidence.put("share", share);
    evidence.put("country_column", country);
    PhoneNumbers.Fit fit =
        type.equals("phone-country-mismatch")
            ? PhoneNumbers.Fit.OTHER_COUNTRY
            : PhoneNumbers.Fit.NOT_VALID;
    return new Finding(
        dataset,
        phone.name,
        Category.CORRUPT,
        type,
        share >= HIGH_SHARE ? Severity.HIGH : Severity.MEDIUM,
        rows + " of " + judged + " phones with a country " + what,
        evidence,
        examples(phone, country, fit),
        rule);
  }

  private List<String> examples(ColumnPlan phone, String country, PhoneNumbers.Fit fit) {
    Column p = functions.col(Predicates.quote(phone.name));
    Column c = functions.col(Predicates.quote(country));
    return data
        .filter(functions.expr("(" + phone.predicates.meaningful() + ") AND " + parsedRows))
        .filter(Checks.phoneFit(p, c).equalTo(fit.name()))
        .select(p.cast("string"), c.cast("string"))
        .limit(EXAMPLES)
        .collectAsList()
        .stream()
        .map(
            r ->
                (phone.pii ? Masking.mask(r.getString(0)) : r.getString(0))
                    + " ("
                    + country
                    + " "
                    + r.getString(1)
                    + ")")
        .toList();
  }
}
