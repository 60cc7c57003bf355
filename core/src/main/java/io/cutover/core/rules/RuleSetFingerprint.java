package io.cutover.core.rules;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The SHA-256 of what decides the staged rows (the rules, the target schema and checks, the
 * cohorts, the key, the placeholders) and of nothing else: not where the spec sits or on which line
 * a rule is written (origins), not where the staged tables live, not a set's or map's iteration
 * order. So moving the spec, reformatting it or pointing --work-dir elsewhere does not make
 * reconcile believe the rules changed.
 */
final class RuleSetFingerprint {
  private static final Set<String> IGNORED = Set.of("origin", "path");

  private RuleSetFingerprint() {}

  static String of(Object... parts) {
    StringBuilder text = new StringBuilder();
    for (Object part : parts) {
      append(text, part);
      text.append('|');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Record record) {
      out.append(record.getClass().getSimpleName()).append('{');
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        if (!IGNORED.contains(c.getName())) {
          out.append(c.getName()).append('=');
          append(out, read(c, record));
          out.append(';');
        }
      }
      out.append('}');
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      sorted.forEach(
          (k, v) -> {
            append(out, k);
            out.append(':');
            append(out, v);
            out.append(',');
          });
      out.append('}');
    } else if (value instanceof Set<?> set) {
      Set<String> sorted = new TreeSet<>();
      set.forEach(v -> sorted.add(String.valueOf(v)));
      append(out, java.util.List.copyOf(sorted));
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      list.forEach(
          v -> {
            append(out, v);
            out.append(',');
          });
      out.append(']');
    } else if (value instanceof Optional<?> optional) {
      append(out, optional.orElse(null));
    } else {
      String s = String.valueOf(value);
      out.append(s.length()).append(':').append(s);
    }
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
    }
  }
}
