package io.cutover.core.spec;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One object of the spec, read with typed accessors that record a located problem instead of
 * throwing, so that loading reports every mistake at once. Accessors return null or a default after
 * a problem; callers check {@link #failedSince(int)} before building records.
 */
final class SpecNode {
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|secret|token|credential).*");

  private final ConfigObject object;
  private final String path;
  private final Problems problems;

  SpecNode(ConfigObject object, String path, Problems problems) {
    this.object = object;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  ConfigOrigin origin() {
    return object.origin();
  }

  Problems problems() {
    return problems;
  }

  int mark() {
    return problems.size();
  }

  boolean failedSince(int mark) {
    return problems.size() > mark;
  }

  Set<String> keys() {
    return object.keySet();
  }

  boolean has(String key) {
    ConfigValue v = object.get(key);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  /**
   * True when the key is written with HOCON's null ({@code on-fail = null}), which reads as absent
   * otherwise.
   */
  boolean isNull(String key) {
    ConfigValue v = object.get(key);
    return v != null && v.valueType() == ConfigValueType.NULL;
  }

  /** The kind of value under {@code key}, NULL when absent. */
  ConfigValueType typeOf(String key) {
    ConfigValue v = object.get(key);
    return v == null ? ConfigValueType.NULL : v.valueType();
  }

  String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    ConfigValue v = object.get(key);
    problems.add(
        v == null ? object.origin() : v.origin(), key == null ? path : childPath(key), message);
  }

  /** Rejects keys this section does not know, suggesting the nearest known one. */
  void allowOnly(String... known) {
    Set<String> allowed = Set.of(known);
    for (String key : new TreeSet<>(object.keySet())) {
      if (!allowed.contains(key)) {
        problem(key, "unknown key '" + key + "'" + suggestion(key, allowed));
      }
    }
  }

  String string(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      problem(key, "missing required key '" + key + "' (expected a string)");
      return null;
    }
    return scalar(key, v);
  }

  Optional<String> optString(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return Optional.empty();
    }
    return Optional.ofNullable(scalar(key, v));
  }

  String string(String key, String fallback) {
    return optString(key).orElse(fallback);
  }

  /** One of {@code allowed}, compared case-insensitively, returned lower-case. */
  String choice(String key, Set<String> allowed) {
    String value = string(key);
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(lower)) {
      problem(
          key,
          "'"
              + value
              + "' is not one of "
              + new TreeSet<>(allowed)
              + nearest(lower, allowed).map(k -> "; did you mean '" + k + "'?").orElse(""));
      return null;
    }
    return lower;
  }

  long integer(String key, long fallback, long min, long max) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return fallback;
    }
    Long parsed = null;
    if (v.valueType() == ConfigValueType.NUMBER
        && (v.unwrapped() instanceof Integer || v.unwrapped() instanceof Long)) {
      parsed = ((Number) v.unwrapped()).longValue();
    } else if (v.valueType() == ConfigValueType.STRING
        && ((String) v.unwrapped()).matches("-?[0-9]{1,18}")) {
      parsed =
          Long.parseLong((String) v.unwrapped()); // overrides from the command line arrive as text
    }
    if (parsed == null) {
      problem(
          key,
          "expected a whole number between " + min + " and " + max + ", got " + describe(key, v));
      return fallback;
    }
    long n = parsed;
    if (n < min || n > max) {
      problem(key, "expected a whole number between " + min + " and " + max + ", got " + n);
      return fallback;
    }
    return n;
  }

  double fraction(String key, double fallback) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return fallback;
    }
    if (v.valueType() != ConfigValueType.NUMBER) {
      problem(key, "expected a number between 0 and 1, got " + describe(key, v));
      return fallback;
    }
    double d = ((Number) v.unwrapped()).doubleValue();
    if (d < 0 || d > 1) {
      problem(key, "expected a number between 0 and 1, got " + d);
      return fallback;
    }
    return d;
  }

  Optional<Double> optNumber(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return Optional.empty();
    }
    if (v.valueType() != ConfigValueType.NUMBER) {
      problem(key, "expected a number, got " + describe(key, v));
      return Optional.empty();
    }
    return Optional.of(((Number) v.unwrapped()).doubleValue());
  }

  Duration duration(String key, Duration fallback) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return fallback;
    }
    try {
      return object.toConfig().getDuration(quoted(key));
    } catch (com.typesafe.config.ConfigException e) {
      problem(key, "expected a duration such as '30 days' or '12h', got " + describe(key, v));
      return fallback;
    }
  }

  boolean bool(String key, boolean fallback) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return fallback;
    }
    if (v.valueType() != ConfigValueType.BOOLEAN) {
      problem(key, "expected true or false, got " + describe(key, v));
      return fallback;
    }
    return (Boolean) v.unwrapped();
  }

  /** A list of strings; a single string is taken as a list of one. Empty when absent. */
  List<String> strings(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return List.of();
    }
    if (v.valueType() == ConfigValueType.STRING) {
      return List.of((String) v.unwrapped());
    }
    if (v.valueType() != ConfigValueType.LIST) {
      problem(key, "expected a list of strings, got " + describe(key, v));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue item : (ConfigList) v) {
      if (item.valueType() == ConfigValueType.OBJECT
          || item.valueType() == ConfigValueType.LIST
          || item.valueType() == ConfigValueType.NULL) {
        problems.add(
            item.origin(),
            childPath(key),
            "expected a list of strings, found "
                + item.valueType().name().toLowerCase(java.util.Locale.ROOT)
                + " in it");
        continue;
      }
      out.add(String.valueOf(item.unwrapped()));
    }
    return List.copyOf(out);
  }

  /** Free-form string map, for settings passed straight through to Spark or a reader. */
  Map<String, String> stringMap(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return Map.of();
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(key, "expected an object of settings { name = value }, got " + describe(key, v));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : ((ConfigObject) v).toConfig().entrySet()) {
      ConfigValue item = e.getValue();
      if (item.valueType() == ConfigValueType.LIST || item.valueType() == ConfigValueType.NULL) {
        problems.add(item.origin(), childPath(key) + "." + e.getKey(), "expected a plain value");
        continue;
      }
      // Nested keys (spark.sql.x = 1) and quoted ones ("a.b" = 1) both become a.b.
      out.put(
          String.join(".", com.typesafe.config.ConfigUtil.splitPath(e.getKey())),
          String.valueOf(item.unwrapped()));
    }
    // Sorted: the same in every JVM (Map.copyOf's order is not), so a code table hashes the same in
    // stage and reconcile.
    return Collections.unmodifiableSortedMap(new TreeMap<>(out));
  }

  /** A required sub-object. */
  SpecNode child(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      problem(key, "missing required section '" + key + " { ... }'");
      return null;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      problem(key, "expected a section '" + key + " { ... }', got " + describe(key, v));
      return null;
    }
    return new SpecNode((ConfigObject) v, childPath(key), problems);
  }

  /** An optional sub-object, or an empty one located here. */
  SpecNode optChild(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return new SpecNode(
          com.typesafe.config.ConfigFactory.empty(object.origin().description()).root(),
          childPath(key),
          problems);
    }
    return child(key);
  }

  /** A list of objects, such as references = [ { ... }, { ... } ]. */
  List<SpecNode> objects(String key) {
    ConfigValue v = object.get(key);
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return List.of();
    }
    if (v.valueType() != ConfigValueType.LIST) {
      problem(key, "expected a list of sections [ { ... } ], got " + describe(key, v));
      return List.of();
    }
    List<SpecNode> out = new ArrayList<>();
    int i = 0;
    for (ConfigValue item : (ConfigList) v) {
      String itemPath = childPath(key) + "[" + i++ + "]";
      if (item.valueType() != ConfigValueType.OBJECT) {
        problems.add(
            item.origin(),
            itemPath,
            "expected a section { ... }, got "
                + item.valueType().name().toLowerCase(java.util.Locale.ROOT));
        continue;
      }
      out.add(new SpecNode((ConfigObject) item, itemPath, problems));
    }
    return out;
  }

  /**
   * The sub-objects of a section keyed by name, in file order where Typesafe keeps it (sorted
   * otherwise).
   */
  Map<String, SpecNode> namedChildren() {
    Map<String, SpecNode> out = new LinkedHashMap<>();
    for (String name : new TreeSet<>(object.keySet())) {
      ConfigValue v = object.get(name);
      if (v.valueType() != ConfigValueType.OBJECT) {
        problem(name, "expected a section '" + name + " { ... }', got " + describe(name, v));
        continue;
      }
      out.put(name, new SpecNode((ConfigObject) v, childPath(name), problems));
    }
    return out;
  }

  /**
   * Like {@link #namedChildren()} but in the order the file declares them (by line), for schemas.
   */
  Map<String, SpecNode> namedChildrenInOrder() {
    Map<String, SpecNode> sorted = new LinkedHashMap<>();
    namedChildren().entrySet().stream()
        .sorted(
            Comparator.comparingInt(
                    (Map.Entry<String, SpecNode> e) -> e.getValue().origin().lineNumber())
                .thenComparing(Map.Entry::getKey))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private String scalar(String key, ConfigValue v) {
    return switch (v.valueType()) {
      case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
      default -> {
        problem(key, "expected a string, got " + describe(key, v));
        yield null;
      }
    };
  }

  /** Describes a wrong value without ever echoing a secret. */
  private static String describe(String key, ConfigValue v) {
    String type = v.valueType().name().toLowerCase(java.util.Locale.ROOT);
    if (SECRET_KEY.matcher(key).matches()) {
      return "a " + type + " (value hidden)";
    }
    return switch (v.valueType()) {
      case OBJECT -> "a section { ... }";
      case LIST -> "a list [ ... ]";
      default -> "'" + v.unwrapped() + "'";
    };
  }

  static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  private static String quoted(String key) {
    return com.typesafe.config.ConfigUtil.quoteString(key);
  }

  static String suggestion(String word, Set<String> known) {
    return nearest(word, known)
        .map(k -> "; did you mean '" + k + "'?")
        .orElseGet(() -> "; known keys are: " + String.join(", ", new TreeSet<>(known)));
  }

  static Optional<String> nearest(String word, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String k) -> distance(word, k)).thenComparing(k -> k))
        .filter(k -> distance(word, k) <= Math.max(2, k.length() / 3));
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
