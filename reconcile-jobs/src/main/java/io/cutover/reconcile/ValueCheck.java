package io.cutover.reconcile;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.cutover.core.privacy.Masking;
import io.cutover.core.rules.PhoneNumbers;
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
 * = keep}). Cost: when the hashes' grouping by key runs ({@link Fingerprints}), it carries this
 * check's readings and pairs the rows, so this check is one aggregation over its cached result
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
   * One judged column: what kind, what it reads of each side (named expressions over a legacy row
   * and over a staged row, computed before the two are paired), the conditions on a pair (over
   * those names), and whether the spec declares it lossy. The readings are numbers, dates, hashes
   * and flags where they can be: of fixed width, they let the pairing be a hash aggregation.
   */
  record Judged(
      String column,
      String kind,
      Map<String, Column> legacy,
      Map<String, Column> staged,
      Column checked,
      Column mismatch,
      boolean lossy) {
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
    Reading reading = reading(legacy.schema(), staged.schema());
    List<Column> lColumns = new ArrayList<>();
    lColumns.add(io.cutover.core.rules.RuleCompiler.sourceHash(legacy).as("l_" + HASH));
    key.forEach(k -> lColumns.add(legacy.col(quote(k)).as("l_" + k)));
    lColumns.addAll(reading.legacyColumns());
    List<Column> sColumns = new ArrayList<>();
    sColumns.add(staged.col(StageColumns.SOURCE_HASH).as("s_" + StageColumns.SOURCE_HASH));
    sColumns.add(staged.col(StageColumns.COHORT).as("s_" + StageColumns.COHORT));
    key.forEach(k -> sColumns.add(staged.col(quote(k)).as("s_" + k)));
    sColumns.addAll(reading.stagedColumns());
    Dataset<Row> l = legacy.select(lColumns.toArray(Column[]::new));
    Dataset<Row> s = staged.select(sColumns.toArray(Column[]::new));
    Column on = l.col(quote("l_" + HASH)).equalTo(s.col(quote("s_" + StageColumns.SOURCE_HASH)));
    for (String k : key) {
      on = on.and(l.col(quote("l_" + k)).equalTo(s.col(quote("s_" + k))));
    }
    List<Column> pairs = new ArrayList<>();
    pairs.add(s.col(quote("s_" + StageColumns.COHORT)).as(StageColumns.COHORT));
    key.forEach(k -> pairs.add(s.col(quote("s_" + k)).as(k)));
    pairs.addAll(reading.flags(functions.lit(1L)));
    return outcomes(l.join(s, on).select(pairs.toArray(Column[]::new)), reading, cohorts);
  }

  /**
   * What this check reads of rows with the schemas {@code legacy} and {@code staged}: the judged
   * columns and their readings of each side (to carry through a grouping by key instead of a join:
   * {@link Fingerprints}).
   */
  Reading reading(StructType legacy, StructType staged) {
    return new Reading(judged(legacy, staged), !source.key().isEmpty());
  }

  /**
   * The judged columns, each with its named readings of a legacy row and of a staged row ({@link
   * Judged}); {@code keyed}: the source has a key to pair the rows on.
   */
  record Reading(List<Judged> judged, boolean keyed) {
    boolean judges() {
      return keyed && !judged.isEmpty();
    }

    /** The legacy side's readings, named: expressions over a legacy row. */
    List<Column> legacyColumns() {
      return named(judged.stream().map(Judged::legacy).toList());
    }

    /** The staged side's readings, named: expressions over a staged row. */
    List<Column> stagedColumns() {
      return named(judged.stream().map(Judged::staged).toList());
    }

    /** The names of both sides' readings. */
    List<String> names() {
      Map<String, Column> all = new LinkedHashMap<>();
      judged.forEach(j -> all.putAll(j.legacy()));
      judged.forEach(j -> all.putAll(j.staged()));
      return List.copyOf(all.keySet());
    }

    private static List<Column> named(List<Map<String, Column>> readings) {
      Map<String, Column> all = new LinkedHashMap<>();
      readings.forEach(all::putAll);
      List<Column> out = new ArrayList<>();
      all.forEach((name, c) -> out.add(c.as(name)));
      return out;
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
      // One name for both sides: legacy readings resolve it over the legacy row, staged readings
      // over the staged row (they are computed apart, before the rows are paired).
      Column value = functions.col(quote(c));
      // Readings are named per judged column: _v<i>_l... over the legacy row, _v<i>_s... over the
      // staged one.
      String v = "_v" + out.size() + "_";
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
                .map(r -> functions.col(quote(r)))
                .orElse(functions.lit(null).cast("string"));
        out.add(phone(c, v, value.cast("string"), value, region, phone.get()));
      } else if (f.dataType() instanceof NumericType) {
        boolean lossy =
            rules.stream()
                .anyMatch(
                    r ->
                        r instanceof RuleSpec.Cast cast
                            && cast.column().equals(c)
                            && cast.numbers() != null
                            && cast.numbers().rounding() == RuleSpec.Rounding.HALF_EVEN);
        // Compared as a 64-bit hash of the exact value written at scale 10: a decimal(38,10) is
        // an object per row in every aggregation buffer and cache it crosses, a hash a long.
        out.add(
            compared(
                c,
                "number",
                v,
                exactHash(number(value, from)),
                exactHash(value.cast("decimal(38,10)")),
                lossy));
      } else if (f.dataType() instanceof StringType && from instanceof StringType) {
        text(c, v, value, value).forEach(out::add);
      } else if (f.dataType() instanceof DateType) {
        out.add(compared(c, "date", v, date(c, from), value, false));
      }
    }
    return out;
  }

  /**
   * A column judged by equality where both readings are known: the legacy value read independently
   * ({@code legacy}) against the staged one ({@code staged}).
   */
  private static Judged compared(
      String c, String kind, String v, Column legacy, Column staged, boolean lossy) {
    Column l = functions.col(v + "l");
    Column s = functions.col(v + "s");
    Column both = l.isNotNull().and(s.isNotNull());
    return new Judged(
        c,
        kind,
        Map.of(v + "l", legacy),
        Map.of(v + "s", staged),
        both,
        both.and(s.notEqual(l)),
        lossy);
  }

  /** A 64-bit hash of a decimal(38,10)'s exact value (its text at scale 10); null for null. */
  private static Column exactHash(Column exact) {
    return functions.when(exact.isNotNull(), functions.xxhash64(exact.cast("string")));
  }

  /**
   * A phone: the staged number's national digits must end the legacy digits (read as the last 18
   * digits and their count, so that every reading is a number), and its calling code must be the
   * row's country's. The staged number is read once per row (and once per JVM for a number seen
   * twice).
   */
  private static Judged phone(
      String c, String v, Column legacy, Column staged, Column region, RuleSpec.NormalizePhone r) {
    Column digits = functions.regexp_replace(legacy, "[^0-9]", "");
    Column tail =
        functions.coalesce(functions.substring(digits, -18, 18).cast("long"), functions.lit(0L));
    Column parts = INTERNATIONAL.apply(staged);
    Map<String, Column> l = new LinkedHashMap<>();
    l.put(v + "ltail", functions.when(legacy.isNotNull(), tail));
    l.put(v + "llen", functions.when(legacy.isNotNull(), functions.length(digits)));
    Map<String, Column> s = new LinkedHashMap<>();
    s.put(v + "sset", staged.isNotNull());
    s.put(v + "snat", parts.getField("national"));
    s.put(v + "scc", parts.getField("code"));
    s.put(v + "sregion", REGION_CODE.apply(region));
    Column lTail = functions.col(v + "ltail");
    Column lLen = functions.col(v + "llen");
    Column nat = functions.col(v + "snat");
    Column natLen = functions.length(nat.cast("string"));
    Column endsWith =
        lLen.geq(natLen)
            .and(
                functions
                    .pmod(lTail, functions.pow(functions.lit(10), natLen).cast("long"))
                    .equalTo(nat));
    Column digitsChanged = lLen.isNotNull().and(nat.isNotNull()).and(functions.not(endsWith));
    Column otherCountry = functions.col(v + "scc").notEqual(functions.col(v + "sregion"));
    return new Judged(
        c,
        "phone",
        l,
        s,
        functions.col(v + "sset").and(lLen.isNotNull()),
        functions
            .coalesce(digitsChanged, functions.lit(false))
            .or(functions.coalesce(otherCountry, functions.lit(false))),
        r.onCountryMismatch() == RuleSpec.OnCountryMismatch.KEEP);
  }

  /**
   * A text column is judged only where no rule may change it: with no rule naming it, or only casts
   * to text, the staged value is the legacy one (a cast may null a blank or placeholder, so a null
   * staged value is not judged). A cast with {@code truncate = true} may cut it: the staged value
   * must then begin the legacy one, and a cut value counts as declared lossy. A trim, a case
   * change, a repair, a normalisation, a rename changes text as the spec says: those columns are
   * not judged here. Equality is read on 64-bit hashes of the values; a truncated column carries
   * its text, to see whether one begins the other.
   */
  private List<Judged> text(String c, String v, Column legacy, Column staged) {
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
    Map<String, Column> lRead = new LinkedHashMap<>();
    lRead.put(v + "lhash", functions.when(legacy.isNotNull(), functions.xxhash64(legacy)));
    Map<String, Column> sRead = new LinkedHashMap<>();
    sRead.put(v + "shash", functions.when(staged.isNotNull(), functions.xxhash64(staged)));
    Column lh = functions.col(v + "lhash");
    Column sh = functions.col(v + "shash");
    if (touching.isEmpty()) {
      return List.of(
          new Judged(
              c,
              "text",
              lRead,
              sRead,
              lh.isNotNull().or(sh.isNotNull()),
              functions.not(lh.eqNullSafe(sh)),
              false));
    }
    boolean truncates = touching.stream().anyMatch(r -> ((RuleSpec.Cast) r).truncate());
    Column checked = sh.isNotNull();
    Column cut = functions.lit(false);
    if (truncates) {
      lRead.put(v + "ltext", legacy);
      sRead.put(v + "stext", staged);
      Column l = functions.col(v + "ltext");
      cut = l.isNotNull().and(sh.notEqual(lh)).and(l.startsWith(functions.col(v + "stext")));
    }
    List<Judged> out = new ArrayList<>();
    out.add(
        new Judged(
            c,
            "text",
            lRead,
            sRead,
            checked,
            sh.isNotNull().and(lh.isNull().or(sh.notEqual(lh).and(functions.not(cut)))),
            false));
    if (truncates) {
      out.add(new Judged(c, TRUNCATED, lRead, sRead, checked, sh.isNotNull().and(cut), true));
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
    return NUMBER.apply(legacy);
  }

  /**
   * A legacy date in an unambiguous notation; null where day and month could be swapped or the
   * shape is unknown.
   */
  static Column date(String legacyColumn, DataType from) {
    if (from instanceof DateType || from instanceof TimestampType) {
      return functions.to_date(functions.col(quote(legacyColumn)));
    }
    if (!(from instanceof StringType)) {
      return functions.lit(null).cast("date");
    }
    return DATE.apply(functions.col(quote(legacyColumn)));
  }

  private static final UserDefinedFunction NUMBER =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, java.math.BigDecimal>) StrictReading::number,
          DataTypes.createDecimalType(38, 10));

  private static final UserDefinedFunction DATE =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, java.time.LocalDate>) StrictReading::date,
          DataTypes.DateType);

  /** A staged phone's calling code and national number; null when it is not international. */
  private static final UserDefinedFunction INTERNATIONAL =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, Row>)
              staged -> {
                PhoneNumbers.International n = PhoneNumbers.international(staged);
                return n.equals(PhoneNumbers.International.NONE)
                    ? null
                    : org.apache.spark.sql.RowFactory.create(n.countryCode(), n.nationalNumber());
              },
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField("code", DataTypes.IntegerType, false),
                  DataTypes.createStructField("national", DataTypes.LongType, false))));

  /** getInstance() is synchronized: not called per row. */
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private static final UserDefinedFunction REGION_CODE =
      functions.udf(
          (org.apache.spark.sql.api.java.UDF1<String, Integer>)
              region -> {
                if (region == null || region.isBlank()) {
                  return null;
                }
                int code = UTIL.getCountryCodeForRegion(region.trim().toUpperCase(Locale.ROOT));
                return code == 0 ? null : code;
              },
          DataTypes.IntegerType);

  private static String quote(String c) {
    return "`" + c.replace("`", "``") + "`";
  }
}
