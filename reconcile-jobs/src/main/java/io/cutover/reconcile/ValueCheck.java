package io.cutover.reconcile;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.StageColumns;
import io.cutover.core.spec.RuleSpec;
import io.cutover.core.spec.SourceSpec;
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
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The independent value check: the staged values against a strict reading of the legacy values that
 * does not go through the stage rules, so a rule that changes meaning (a lost decimal, a phone
 * moved to another country, a date read month-first) cannot vouch for itself. Numbers: the exact
 * value of each legacy number in any unambiguous notation (1,234.50, 1.234,50, 12,5); dates: ISO,
 * compact yyyyMMdd and d/M/yyyy where the day is over 12; phones: the staged E.164 number's digits
 * must end the legacy digits and its calling code must be the row's country's. A value the strict
 * reading cannot read unambiguously is not judged. Text: a column no rule may change must stage as
 * it was, and one cast with {@code truncate = true} may only be cut (a cut counts as declared
 * lossy); text other rules change (trim, case, repairs) is not judged. Columns a rule derives, maps
 * or defaults are not judged (their change is what the spec says). A mismatch is FAIL, or WARN
 * where the spec declares the rule lossy ({@code rounding = half-even}, {@code on-country-mismatch
 * = keep}). Cost: when the hashes' grouping by key runs ({@link Fingerprints}), it carries the
 * columns judged here and pairs the rows, so this check is one aggregation over its cached result
 * ({@link #reading}, {@link #outcomes}); otherwise one join of the cohort's legacy rows with its
 * staged rows on the key and the source hash ({@link #check}), and one aggregation.
 */
final class ValueCheck {
  static final String CHECK = "values";
  private static final String HASH = "_cutover_legacy_hash";
  private static final int EXAMPLES = CheckOutcome.EXAMPLES;

  private final SourceSpec source;
  private final List<RuleSpec> rules;

  ValueCheck(SourceSpec source, List<RuleSpec> rules) {
    this.source = source;
    this.rules = rules;
  }

  /**
   * One judged column: what kind, the mismatch condition on the joined row, and whether the spec
   * declares it lossy.
   */
  record Judged(String column, String kind, Column checked, Column mismatch, boolean lossy) {
    /** The name of its numbers: a declared truncation is counted apart from the text check. */
    String label() {
      return kind.equals(TRUNCATED) ? column + "_truncated" : column;
    }
  }

  private static final String TRUNCATED = "text, truncated as declared";

  /**
   * {@code legacy}: the cohorts' legacy rows as stage read them; {@code staged}: their staged rows.
   * A staged row is judged against the legacy row it was staged from (same key and the source hash
   * stage recorded), so merged duplicates and rows changed since staging (drift, checked apart) are
   * not compared.
   */
  Map<String, CheckOutcome> check(Dataset<Row> legacy, Dataset<Row> staged, List<String> cohorts) {
    List<String> key = source.key();
    Dataset<Row> hashed =
        legacy.withColumn(HASH, io.cutover.core.rules.RuleCompiler.sourceHash(legacy));
    Dataset<Row> l = hashed.select(columnsWithPrefix(hashed, "l_"));
    Dataset<Row> s = staged.select(columnsWithPrefix(staged, "s_"));
    Column on = l.col(quote("l_" + HASH)).equalTo(s.col(quote("s_" + StageColumns.SOURCE_HASH)));
    for (String k : key) {
      on = on.and(l.col(quote("l_" + k)).equalTo(s.col(quote("s_" + k))));
    }
    Reading reading = reading(legacy.schema(), staged.schema());
    List<Column> pairs = new ArrayList<>();
    pairs.add(s.col(quote("s_" + StageColumns.COHORT)).as(StageColumns.COHORT));
    key.forEach(k -> pairs.add(s.col(quote("s_" + k)).as(k)));
    pairs.addAll(reading.flags(functions.lit(1L)));
    return outcomes(l.join(s, on).select(pairs.toArray(Column[]::new)), reading, cohorts);
  }

  /**
   * What this check reads of rows with the schemas {@code legacy} and {@code staged}: the judged
   * columns, and the legacy and staged columns they need (to carry through a grouping by key
   * instead of a join: {@link Fingerprints}).
   */
  Reading reading(StructType legacy, StructType staged) {
    List<Judged> judged = judged(legacy, staged);
    List<String> l = new ArrayList<>();
    List<String> s = new ArrayList<>();
    for (Judged j : judged) {
      if (!l.contains(j.column())) {
        l.add(j.column());
        s.add(j.column());
      }
    }
    rules.stream()
        .filter(r -> r instanceof RuleSpec.NormalizePhone)
        .map(r -> ((RuleSpec.NormalizePhone) r).regionColumn())
        .flatMap(Optional::stream)
        .filter(r -> Set.of(staged.fieldNames()).contains(r) && !s.contains(r))
        .forEach(s::add);
    return new Reading(judged, l, s, !source.key().isEmpty());
  }

  /**
   * The judged columns, and the columns they read: {@code legacy} as {@code l_<name>}, {@code
   * staged} as {@code s_<name>}.
   */
  record Reading(List<Judged> judged, List<String> legacy, List<String> staged, boolean keyed) {
    boolean judges() {
      return keyed && !judged.isEmpty();
    }

    /**
     * Per pair of a legacy row and the staged row made of it, {@code times} pairs each: how many
     * values of each judged column were checked and found changed, and whether any changed
     * (strictly, or at all).
     */
    List<Column> flags(Column times) {
      List<Column> out = new ArrayList<>();
      Column anyMismatch = functions.lit(false);
      Column anyStrict = functions.lit(false);
      for (int i = 0; i < judged.size(); i++) {
        Judged j = judged.get(i);
        Column m = functions.coalesce(j.mismatch(), functions.lit(false));
        anyMismatch = anyMismatch.or(m);
        if (!j.lossy()) {
          anyStrict = anyStrict.or(m);
        }
        out.add(
            functions
                .when(functions.coalesce(j.checked(), functions.lit(false)), times)
                .otherwise(0L)
                .as("_vc_checked_" + i));
        out.add(functions.when(m, times).otherwise(0L).as("_vc_mismatch_" + i));
      }
      out.add(functions.when(anyStrict, times).otherwise(0L).as("_vc_strict"));
      out.add(functions.when(anyMismatch.and(times.gt(0)), 1L).otherwise(0L).as("_vc_any"));
      return out;
    }

    /** The names of {@link #flags}' columns. */
    List<String> flagNames() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < judged.size(); i++) {
        out.add("_vc_checked_" + i);
        out.add("_vc_mismatch_" + i);
      }
      out.add("_vc_strict");
      out.add("_vc_any");
      return out;
    }
  }

  /**
   * The outcome per cohort of {@code flagged}: a row per judged pair (or per key, summed) with the
   * cohort, the key and {@link Reading#flags}.
   */
  Map<String, CheckOutcome> outcomes(Dataset<Row> flagged, Reading reading, List<String> cohorts) {
    List<String> key = source.key();
    Map<String, CheckOutcome> out = new LinkedHashMap<>();
    if (!reading.judges()) {
      cohorts.forEach(
          c ->
              out.put(
                  c,
                  new CheckOutcome(
                      CHECK,
                      Verdict.PASS,
                      "no number, date, phone or unchanged text column to read independently",
                      Map.of(),
                      List.of())));
      return out;
    }
    List<Column> aggs = new ArrayList<>();
    for (String f : reading.flagNames()) {
      if (!f.equals("_vc_any")) {
        aggs.add(functions.sum(functions.col(f)).as(f));
      }
    }
    Column keyText =
        functions.concat_ws(
            ", ",
            key.stream().map(k -> functions.col(quote(k)).cast("string")).toArray(Column[]::new));
    aggs.add(
        functions
            .slice(
                functions.sort_array(
                    functions.collect_set(functions.when(functions.col("_vc_any").gt(0), keyText))),
                1,
                EXAMPLES)
            .as("_keys"));
    List<Row> rows =
        flagged
            .groupBy(functions.col(StageColumns.COHORT).as("_cohort"))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
            .collectAsList();
    Map<String, Row> byCohort = new LinkedHashMap<>();
    rows.forEach(r -> byCohort.put(r.getString(0), r));
    for (String c : cohorts) {
      out.put(c, outcome(byCohort.get(c), reading.judged()));
    }
    return out;
  }

  private CheckOutcome outcome(Row r, List<Judged> judged) {
    if (r == null) {
      return new CheckOutcome(
          CHECK, Verdict.PASS, "no staged row to read independently", Map.of(), List.of());
    }
    Map<String, Object> numbers = new LinkedHashMap<>();
    long mismatches = 0;
    long checked = 0;
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < judged.size(); i++) {
      long n = r.isNullAt(1 + 2 * i) ? 0 : r.getLong(1 + 2 * i);
      long m = r.isNullAt(2 + 2 * i) ? 0 : r.getLong(2 + 2 * i);
      checked += n;
      mismatches += m;
      numbers.put(judged.get(i).label() + "_checked", n);
      if (m > 0) {
        numbers.put(judged.get(i).label() + "_changed", m);
        wrong.add(
            judged.get(i).column()
                + " ("
                + judged.get(i).kind()
                + "): "
                + m
                + (judged.get(i).lossy() ? ", declared lossy" : ""));
      }
    }
    long strict = r.isNullAt(1 + 2 * judged.size()) ? 0 : r.getLong(1 + 2 * judged.size());
    List<String> keys =
        r.getList(2 + 2 * judged.size()).stream()
            .map(String::valueOf)
            .map(k -> source.hasPersonalKey() ? Masking.mask(k) : k)
            .toList();
    numbers.put("changed", mismatches);
    if (mismatches == 0) {
      return new CheckOutcome(
          CHECK,
          Verdict.PASS,
          checked
              + " values of "
              + judged.stream().map(Judged::column).toList()
              + " read independently from the legacy rows agree with the staged ones",
          numbers,
          List.of());
    }
    Verdict verdict = strict > 0 ? Verdict.FAIL : Verdict.WARN;
    return new CheckOutcome(
        CHECK,
        verdict,
        "staged values that do not mean what the legacy values meant, read without the rules: "
            + String.join("; ", wrong)
            + " (keys "
            + String.join(", ", keys)
            + ")"
            + (verdict == Verdict.FAIL ? ": a rule changed their meaning" : ""),
        numbers,
        keys,
        Map.of("changed", keys));
  }

  private List<Judged> judged(StructType legacy, StructType staged) {
    Set<String> legacyColumns = Set.of(legacy.fieldNames());
    List<Judged> out = new ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : staged.fields()) {
      String c = f.name();
      if (!legacyColumns.contains(c)
          || source.key().contains(c)
          || c.startsWith("_")
          || c.startsWith("cutover_")
          || restated(c)) {
        continue;
      }
      DataType from = legacy.apply(c).dataType();
      Column l = functions.col(quote("l_" + c));
      Column s = functions.col(quote("s_" + c));
      Optional<RuleSpec.NormalizePhone> phone =
          rules.stream()
              .filter(r -> r instanceof RuleSpec.NormalizePhone p && p.column().equals(c))
              .map(r -> (RuleSpec.NormalizePhone) r)
              .findFirst();
      if (phone.isPresent() && f.dataType() instanceof StringType) {
        Column region =
            phone
                .get()
                .regionColumn()
                .filter(r -> Set.of(staged.fieldNames()).contains(r))
                .map(r -> functions.col(quote("s_" + r)))
                .orElse(functions.lit(null).cast("string"));
        Column verdict = PHONE.apply(l.cast("string"), s).as("phone");
        out.add(
            new Judged(
                c,
                "phone",
                s.isNotNull().and(l.isNotNull()),
                verdict.equalTo("digits").or(countryMismatch(s, region)),
                phone.get().onCountryMismatch() == RuleSpec.OnCountryMismatch.KEEP));
      } else if (f.dataType() instanceof NumericType) {
        Column independent = number(l, from);
        Column staged2 = s.cast("decimal(38,10)");
        boolean lossy =
            rules.stream()
                .anyMatch(
                    r ->
                        r instanceof RuleSpec.Cast cast
                            && cast.column().equals(c)
                            && cast.numbers() != null
                            && cast.numbers().rounding() == RuleSpec.Rounding.HALF_EVEN);
        out.add(
            new Judged(
                c,
                "number",
                independent.isNotNull().and(s.isNotNull()),
                independent.isNotNull().and(s.isNotNull()).and(staged2.notEqual(independent)),
                lossy));
      } else if (f.dataType() instanceof StringType && from instanceof StringType) {
        text(c, l, s).forEach(out::add);
      } else if (f.dataType() instanceof DateType) {
        Column independent = date("l_" + c, from);
        out.add(
            new Judged(
                c,
                "date",
                independent.isNotNull().and(s.isNotNull()),
                independent.isNotNull().and(s.isNotNull()).and(s.notEqual(independent)),
                false));
      }
    }
    return out;
  }

  /**
   * A text column is judged only where no rule may change it: with no rule naming it, or only casts
   * to text, the staged value is the legacy one (a cast may null a blank or placeholder, so a null
   * staged value is not judged). A cast with {@code truncate = true} may cut it: the staged value
   * must then begin the legacy one, and a cut value counts as declared lossy. A trim, a case
   * change, a repair, a normalisation, a rename changes text as the spec says: those columns are
   * not judged here.
   */
  private List<Judged> text(String c, Column l, Column s) {
    List<RuleSpec> touching = rules.stream().filter(r -> r.mayChange(c)).toList();
    boolean onlyTextCasts =
        touching.stream()
            .allMatch(
                r ->
                    r instanceof RuleSpec.Cast cast
                        && (cast.to().equalsIgnoreCase("string")
                            || cast.to().toLowerCase(Locale.ROOT).startsWith("varchar")
                            || cast.to().toLowerCase(Locale.ROOT).startsWith("char")));
    if (!onlyTextCasts) {
      return List.of();
    }
    if (touching.isEmpty()) {
      return List.of(
          new Judged(
              c, "text", l.isNotNull().or(s.isNotNull()), functions.not(l.eqNullSafe(s)), false));
    }
    boolean truncates = touching.stream().anyMatch(r -> ((RuleSpec.Cast) r).truncate());
    Column checked = s.isNotNull();
    Column cut = l.isNotNull().and(s.notEqual(l)).and(l.startsWith(s));
    List<Judged> out = new ArrayList<>();
    out.add(
        new Judged(
            c,
            "text",
            checked,
            s.isNotNull()
                .and(
                    l.isNull()
                        .or(
                            s.notEqual(l)
                                .and(truncates ? functions.not(cut) : functions.lit(true)))),
            false));
    if (truncates) {
      out.add(new Judged(c, TRUNCATED, checked, s.isNotNull().and(cut), true));
    }
    return out;
  }

  /**
   * A column a rule derives, maps or defaults: its new value is what the spec says, not a reading
   * of the old one.
   */
  private boolean restated(String column) {
    return rules.stream()
        .anyMatch(
            r ->
                r instanceof RuleSpec.Derive d && d.column().equals(column)
                    || r instanceof RuleSpec.MapValues m && m.column().equals(column)
                    || r instanceof RuleSpec.Default d2 && d2.column().equals(column));
  }

  /**
   * The exact value of a legacy number in an unambiguous notation; null where the notation is
   * ambiguous or none.
   */
  static Column number(Column legacy, DataType from) {
    if (from instanceof NumericType) {
      return legacy.cast("decimal(38,10)");
    }
    if (!(from instanceof StringType)) {
      return functions.lit(null).cast("decimal(38,10)");
    }
    Column v = functions.regexp_replace(functions.trim(legacy), "[\\u00A0\\u202F ]", "");
    Column plain = functions.when(v.rlike("^[+-]?[0-9]+(\\.[0-9]+)?$"), v);
    Column commaGrouped =
        functions.when(
            v.rlike("^[+-]?[0-9]{1,3}(,[0-9]{3})+\\.[0-9]+$|^[+-]?[0-9]{1,3}(,[0-9]{3}){2,}$"),
            functions.regexp_replace(v, ",", ""));
    Column dotGrouped =
        functions.when(
            v.rlike("^[+-]?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+$|^[+-]?[0-9]{1,3}(\\.[0-9]{3}){2,}$"),
            functions.regexp_replace(functions.regexp_replace(v, "\\.", ""), ",", "."));
    Column decimalComma =
        functions.when(
            v.rlike("^[+-]?[0-9]+,[0-9]{1,2}$|^[+-]?0,[0-9]+$"),
            functions.regexp_replace(v, ",", "."));
    return functions.coalesce(plain, commaGrouped, dotGrouped, decimalComma).cast("decimal(38,10)");
  }

  /**
   * A legacy date in an unambiguous notation; null where day and month could be swapped or the
   * shape is unknown.
   */
  static Column date(String legacyColumn, DataType from) {
    String v = "trim(" + quote(legacyColumn) + ")";
    if (from instanceof DateType || from instanceof TimestampType) {
      return functions.to_date(functions.col(quote(legacyColumn)));
    }
    if (!(from instanceof StringType)) {
      return functions.lit(null).cast("date");
    }
    String slash = "'^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$'";
    return functions.expr(
        "CAST(CASE"
            + " WHEN "
            + v
            + " RLIKE '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$' THEN try_to_timestamp("
            + v
            + ", 'yyyy-M-d')"
            + " WHEN "
            + v
            + " RLIKE '^[0-9]{8}$' THEN try_to_timestamp("
            + v
            + ", 'yyyyMMdd')"
            + " WHEN "
            + v
            + " RLIKE "
            + slash
            + " AND CAST(regexp_extract("
            + v
            + ", "
            + slash
            + ", 1) AS INT) > 12 THEN try_to_timestamp("
            + v
            + ", 'd/M/yyyy')"
            + " WHEN "
            + v
            + " RLIKE "
            + slash
            + " AND CAST(regexp_extract("
            + v
            + ", "
            + slash
            + ", 2) AS INT) > 12 THEN try_to_timestamp("
            + v
            + ", 'M/d/yyyy')"
            + " END AS DATE)");
  }

  /**
   * The staged number's calling code is not the one of the row's country (when the row names one
   * libphonenumber knows).
   */
  private static Column countryMismatch(Column staged, Column region) {
    return CALLING_CODE.apply(staged).notEqual(REGION_CODE.apply(region));
  }

  /**
   * "digits" when the staged number's national digits do not end the legacy digits; "ok" otherwise;
   * null when unreadable.
   */
  private static final UserDefinedFunction PHONE =
      functions.udf(
          (UDF2<String, String, String>)
              (legacy, staged) -> {
                Phonenumber.PhoneNumber n = international(staged);
                if (legacy == null || n == null) {
                  return null;
                }
                String national = String.valueOf(n.getNationalNumber());
                return legacy.replaceAll("[^0-9]", "").endsWith(national) ? "ok" : "digits";
              },
          DataTypes.StringType);

  private static final UserDefinedFunction CALLING_CODE =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, Integer>)
              staged -> {
                Phonenumber.PhoneNumber n = international(staged);
                return n == null ? null : n.getCountryCode();
              },
          DataTypes.IntegerType);

  private static final UserDefinedFunction REGION_CODE =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, Integer>)
              region -> {
                if (region == null || region.isBlank()) {
                  return null;
                }
                int code =
                    PhoneNumberUtil.getInstance()
                        .getCountryCodeForRegion(region.trim().toUpperCase(Locale.ROOT));
                return code == 0 ? null : code;
              },
          DataTypes.IntegerType);

  /** A staged phone in international form, or null when it is none. */
  private static Phonenumber.PhoneNumber international(String staged) {
    if (staged == null || !staged.startsWith("+")) {
      return null;
    }
    try {
      return PhoneNumberUtil.getInstance().parse(staged, "ZZ");
    } catch (NumberParseException e) {
      return null;
    }
  }

  private static Column[] columnsWithPrefix(Dataset<Row> rows, String prefix) {
    return java.util.Arrays.stream(rows.columns())
        .map(c -> rows.col(quote(c)).as(prefix + c))
        .toArray(Column[]::new);
  }

  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }
}
