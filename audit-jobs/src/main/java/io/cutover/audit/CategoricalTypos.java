package io.cutover.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * A code column (a small set of values on most rows) with rare variants of those values: typos
 * ('qdl', 'nws', 'vkc' beside 'qld', 'nsw', 'vic'), found whatever their share because each is
 * judged against its nearest common value, not against a share threshold. A variant is a value at
 * least {@link #RATIO} times rarer than a value it is one edit from (Levenshtein, from Apache
 * Commons Text; longer values allow one edit per five letters), an anagram of, or equal to once
 * trimmed and case-folded. Judged from the column's exact value counts, so it costs no scan.
 */
final class CategoricalTypos {
  /** A variant is at least this many times rarer than the value it is a typo of. */
  static final long RATIO = 10;

  /** Below this many real values nothing is judged. */
  static final long MIN_VALUES = 100;

  /** Each variant holds at most this share of the values: a typo, not a real but rarer code. */
  static final double MAX_VARIANT_SHARE = 0.01;

  /**
   * A one-letter substitution in a code of three letters ('vix' for 'vic') is a typo only on at
   * most this share: short codes are dense in the alphabet.
   */
  static final double SHORT_SUBSTITUTION_SHARE = 0.005;

  /** The same for two-letter codes ('wy' beside 'ny' is a US state on 0.2% of rows). */
  static final double TWO_LETTER_SHARE = 0.001;

  /** At most this many real values: a code column, not free text. */
  static final int MAX_REAL_VALUES = 50;

  private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(3);

  /** The real values, the variants each with its nearest real value, and the rows of each group. */
  record Found(
      Map<String, Long> real, Map<String, String> variants, long variantRows, long total) {}

  private CategoricalTypos() {}

  /** {@code counts}: rows by meaningful value (no nulls, blanks or placeholders). */
  static Optional<Found> of(Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total < MIN_VALUES || counts.size() < 2) {
      return Optional.empty();
    }
    List<String> byCount =
        counts.keySet().stream()
            .sorted(
                Comparator.<String, Long>comparing(counts::get)
                    .reversed()
                    .thenComparing(Comparator.naturalOrder()))
            .toList();
    Map<String, String> variants = new TreeMap<>();
    for (String v : byCount) {
      long n = counts.get(v);
      if (n > MAX_VARIANT_SHARE * total) {
        continue;
      }
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String r : byCount) {
        if (counts.get(r) < RATIO * n) {
          break;
        }
        if (variants.containsKey(r)) {
          continue; // a typo of a typo is too far from the real value to say which it is
        }
        int d =
            distance(
                v, r, n <= (r.length() <= 2 ? TWO_LETTER_SHARE : SHORT_SUBSTITUTION_SHARE) * total);
        if (d < bestDistance) {
          best = r;
          bestDistance = d;
        }
      }
      if (best != null) {
        variants.put(v, best);
      }
    }
    Map<String, Long> real = new LinkedHashMap<>();
    byCount.stream().filter(v -> !variants.containsKey(v)).forEach(v -> real.put(v, counts.get(v)));
    if (variants.isEmpty() || real.size() > MAX_REAL_VALUES) {
      return Optional.empty();
    }
    long variantRows = variants.keySet().stream().mapToLong(counts::get).sum();
    return Optional.of(new Found(real, variants, variantRows, total));
  }

  /**
   * How far {@code variant} is from {@code real} as a typo of it, or {@link Integer#MAX_VALUE} if
   * it is none: 0 for the same value in another case or padding, 1 for an anagram or for the
   * allowed edits.
   */
  static int distance(String variant, String real, boolean tiny) {
    String v = variant.trim().toLowerCase(Locale.ROOT);
    String r = real.trim().toLowerCase(Locale.ROOT);
    if (v.equals(r)) {
      return 0;
    }
    int longest = Math.max(v.length(), r.length());
    if (longest < 2) {
      return Integer.MAX_VALUE;
    }
    if (v.length() == r.length() && sorted(v).equals(sorted(r))) {
      return 1;
    }
    int edits = ONE_EDIT.apply(v, r);
    int allowed = Math.max(1, longest / 5);
    if (edits < 0 || edits > allowed) {
      return Integer.MAX_VALUE;
    }
    boolean substitution = v.length() == r.length();
    if (longest <= 3 && substitution && !tiny) {
      return Integer.MAX_VALUE;
    }
    // Same letters in another order rank before any edit: 'sat' is 'tas' swapped, not 'sa' plus
    // one.
    return edits + 1;
  }

  private static String sorted(String s) {
    char[] c = s.toCharArray();
    Arrays.sort(c);
    return new String(c);
  }

  /** The finding's draft: message, evidence, the variants as examples' predicate, a map rule. */
  static ColumnFindings.Draft draft(ColumnPlan plan, Found found) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("rows", found.variantRows());
    evidence.put("variants", (long) found.variants().size());
    evidence.put("real_values", (long) found.real().size());
    evidence.put("values", found.total());
    evidence.put("share", DatasetAudit.share(found.variantRows(), found.total()));
    evidence.put("map", new TreeMap<>(found.variants()));
    String in =
        found.variants().keySet().stream()
            .map(Predicates::literal)
            .collect(Collectors.joining(", "));
    List<String> shown = new ArrayList<>();
    found.variants().entrySet().stream()
        .limit(5)
        .forEach(e -> shown.add("'" + e.getKey() + "' -> '" + e.getValue() + "'"));
    return new ColumnFindings.Draft(
        Category.CORRUPT,
        "categorical-typos",
        Severity.MEDIUM,
        found.variantRows()
            + " of "
            + found.total()
            + " values are "
            + found.variants().size()
            + " rare variants of the column's "
            + found.real().size()
            + " real values ("
            + String.join(", ", shown)
            + (found.variants().size() > shown.size() ? ", ..." : "")
            + "): likely typos; map each to the value it is closest to",
        evidence,
        plan.predicates.column() + " IN (" + in + ")",
        SuggestedRules.rule(
            "type",
            "map",
            "column",
            plan.name,
            "values",
            new TreeMap<>(found.variants()),
            "unmapped",
            "keep"));
  }
}
