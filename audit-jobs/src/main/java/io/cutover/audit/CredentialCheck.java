package io.cutover.audit;

import io.cutover.core.spec.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Password columns (named like one, or holding crypt-style hashes) profiled by hash format. Salted,
 * slow formats (bcrypt, scrypt, argon2, PBKDF2, SHA-crypt) can move; unsalted digests (MD5, SHA-1,
 * SHA-256 hex), MD5-crypt and plain text cannot be verified safely on a new platform: their holders
 * must reset their password, so the finding is HIGH and says how many must be told before the
 * cutover.
 */
final class CredentialCheck implements RowPatterns.Check {
  private static final Pattern NAME =
      Pattern.compile(
          "(^|_)(password|passwd|pwd|pass|passhash|password_hash|pw_hash|pwhash|pass_hash)(_|$)");

  /** Format name, regex (Spark/Java syntax), strong. Order matters: the first match decides. */
  static final List<String[]> FORMATS =
      List.of(
          new String[] {"bcrypt", "^\\$2[abxy]?\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$", "strong"},
          new String[] {"argon2", "^\\$argon2(id|i|d)\\$", "strong"},
          new String[] {"scrypt", "^(\\$scrypt\\$|\\$7\\$)", "strong"},
          new String[] {"pbkdf2", "^(\\$pbkdf2|pbkdf2_sha[0-9]+\\$|\\{PBKDF2)", "strong"},
          new String[] {"sha-crypt", "^\\$[56]\\$", "strong"},
          new String[] {"md5-crypt", "^\\$1\\$", "weak"},
          new String[] {"md5", "^[0-9a-fA-F]{32}$", "weak"},
          new String[] {"sha1", "^[0-9a-fA-F]{40}$", "weak"},
          new String[] {"sha256-unsalted", "^[0-9a-fA-F]{64}$", "weak"});

  private static final String CRYPT = "^\\$(2[abxy]?|argon2(id|i|d)|scrypt|7|pbkdf2[^$]*|[156])\\$";

  private final SourceSpec source;
  private final List<String> named = new ArrayList<>();
  private final List<String> others = new ArrayList<>();
  private final java.util.Set<String> noHashes = new java.util.HashSet<>();

  CredentialCheck(SourceSpec source, StructType schema) {
    this.source = source;
    for (StructField f : schema.fields()) {
      if (f.dataType() != DataTypes.StringType || source.key().contains(f.name())) {
        continue;
      }
      (NAME.matcher(f.name().toLowerCase(Locale.ROOT)).find() ? named : others).add(f.name());
    }
  }

  @Override
  public List<Column> aggregates() {
    List<Column> out = new ArrayList<>();
    for (String c : named) {
      out.addAll(formatCounts(c));
    }
    // Any other text column is a credential if most of its values are crypt-style hashes.
    for (String c : others) {
      out.add(functions.count(RowPatterns.col(c)));
      out.add(
          noHashes.contains(c)
              ? functions.lit(0L)
              : RowPatterns.countIf(RowPatterns.col(c).rlike(CRYPT)));
    }
    return out;
  }

  /**
   * An unnamed column whose first rows hold values but no crypt-style hash is not looked at again
   * (a column of half hashes whose first rows hold none is not looked for).
   */
  @Override
  public void narrow(Row sample, int offset) {
    int i = offset + named.size() * (1 + FORMATS.size());
    for (String c : others) {
      if (RowPatterns.at(sample, i) > 0 && RowPatterns.at(sample, i + 1) == 0) {
        noHashes.add(c);
      }
      i += 2;
    }
  }

  private static List<Column> formatCounts(String c) {
    List<Column> out = new ArrayList<>();
    Column v = RowPatterns.col(c);
    out.add(RowPatterns.countIf(v.isNotNull().and(functions.trim(v).notEqual(""))));
    for (String[] f : FORMATS) {
      out.add(RowPatterns.countIf(v.rlike(f[1])));
    }
    return out;
  }

  @Override
  public List<Finding> findings(Row r, int offset, long rows) {
    List<Finding> out = new ArrayList<>();
    int i = offset;
    for (String c : named) {
      finding(c, r, i).ifPresent(out::add);
      i += 1 + FORMATS.size();
    }
    for (String c : others) {
      long nonNull = RowPatterns.at(r, i);
      long crypt = RowPatterns.at(r, i + 1);
      i += 2;
      if (nonNull > 0 && crypt * 2 >= nonNull) {
        out.add(
            new Finding(
                source.name(),
                c,
                Category.CORRUPT,
                "credential-column",
                Severity.INFO,
                crypt
                    + " of "
                    + nonNull
                    + " values are password hashes although the column is not named like a password: profile it as one"
                    + " (rename it, or know that the weak-hash check covers only columns named password, passwd, pwd...)",
                Map.of("crypt_values", crypt, "non_null", nonNull),
                List.of(),
                ""));
      }
    }
    return out;
  }

  /** Counts each value once, by the first format it matches (the regexes overlap only in order). */
  private java.util.Optional<Finding> finding(String c, Row r, int i) {
    long present = RowPatterns.at(r, i);
    if (present == 0) {
      return java.util.Optional.empty();
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    long strong = 0;
    long weak = 0;
    for (int k = 0; k < FORMATS.size(); k++) {
      long n = RowPatterns.at(r, i + 1 + k);
      if (n > 0) {
        evidence.put(FORMATS.get(k)[0], n);
      }
      if (FORMATS.get(k)[2].equals("strong")) {
        strong += n;
      } else {
        weak += n;
      }
    }
    long unknown = Math.max(0, present - strong - weak);
    if (unknown > 0) {
      evidence.put("plain_text_or_unknown", unknown);
    }
    long mustReset = weak + unknown;
    evidence.put("rows", mustReset);
    evidence.put("customer_action", "password-reset");
    if (mustReset == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Finding(
            source.name(),
            c,
            Category.CORRUPT,
            "weak-password-hash",
            Severity.HIGH,
            mustReset
                + " of "
                + present
                + " passwords are stored as "
                + String.join(
                    ", ",
                    evidence.keySet().stream()
                        .filter(
                            k ->
                                !k.equals("rows")
                                    && !k.equals("customer_action")
                                    && FORMATS.stream()
                                        .noneMatch(f -> f[0].equals(k) && f[2].equals("strong")))
                        .toList())
                + ": a new platform cannot keep them safely; these customers must reset their password (tell them before the cutover)",
            evidence,
            List.of(),
            SuggestedRules.rule(
                "type",
                "flag",
                "name",
                "password-reset",
                "expression",
                "NOT (" + strongExpression(c) + ")",
                "action",
                "password-reset")));
  }

  private static String strongExpression(String c) {
    List<String> parts = new ArrayList<>();
    for (String[] f : FORMATS) {
      if (f[2].equals("strong")) {
        parts.add(Predicates.quote(c) + " RLIKE " + Predicates.literal(f[1]));
      }
    }
    return "coalesce(" + String.join(" OR ", parts) + ", false)";
  }
}
