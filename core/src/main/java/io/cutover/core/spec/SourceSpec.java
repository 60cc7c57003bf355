package io.cutover.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A legacy dataset: how to read it, its key, which columns hold personal data, which column says
 * when a row last changed, and which columns point at other sources.
 *
 * @param declaredAt where the spec declares this source, as {@code file:line}: errors about reading
 *     it start with it
 */
public record SourceSpec(
    String name,
    String format,
    Optional<String> path,
    Map<String, String> options,
    List<String> key,
    Set<String> pii,
    Optional<String> lastUpdated,
    List<Reference> references,
    Optional<String> schema,
    List<String> tables,
    String declaredAt) {

  public static final Set<String> FORMATS =
      Set.of("parquet", "csv", "json", "orc", "delta", "jdbc");

  public SourceSpec {
    options = Map.copyOf(options);
    key = List.copyOf(key);
    pii = Set.copyOf(pii);
    references = List.copyOf(references);
    tables = List.copyOf(tables);
  }

  /**
   * A source standing for a whole database schema (or the listed tables of it): one dataset per
   * table.
   */
  public boolean isSchema() {
    return schema.isPresent();
  }

  /** The same source under another name, reading another table: one table of a schema source. */
  public SourceSpec forTable(
      String name, String dbtable, List<String> key, List<Reference> references) {
    Map<String, String> opts = new LinkedHashMap<>(options);
    opts.put("dbtable", dbtable);
    return new SourceSpec(
        name,
        format,
        path,
        opts,
        key,
        pii,
        lastUpdated,
        references,
        Optional.empty(),
        List.of(),
        declaredAt);
  }

  public boolean isJdbc() {
    return format.equals("jdbc");
  }

  public boolean isPii(String column) {
    return pii.contains(column);
  }

  /** Declared PII, or named like personal data: its values are masked wherever they are shown. */
  public boolean isPersonal(String column) {
    return isPii(column) || io.cutover.core.privacy.Masking.looksPersonal(column, name);
  }

  /** Whether any key column is personal, so that key values shown as examples must be masked. */
  public boolean hasPersonalKey() {
    return key().stream().anyMatch(this::isPersonal);
  }

  /**
   * The text with this source's secrets masked: the values of its password-like options, and a
   * password written into a JDBC URL ({@code ?password=...}, {@code //user:password@host}). Use on
   * anything that may echo the URL.
   */
  public String withoutSecrets(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (String secret :
        secrets().stream()
            .sorted(java.util.Comparator.comparingInt(String::length).reversed())
            .toList()) {
      out = out.replace(secret, "*****");
    }
    out = URL_PASSWORD.matcher(out).replaceAll("$1*****");
    return URL_USER_PASSWORD.matcher(out).replaceAll("$1$2:*****@");
  }

  /**
   * The values of password-like options and the passwords written into options' URLs: a driver may
   * echo them anywhere.
   */
  private Set<String> secrets() {
    Set<String> secrets = new LinkedHashSet<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getValue() == null || e.getValue().isEmpty()) {
        continue;
      }
      if (SpecNode.isSecretKey(e.getKey())) {
        secrets.add(e.getValue());
      }
      java.util.regex.Matcher m = URL_PASSWORD.matcher(e.getValue());
      while (m.find()) {
        secrets.add(e.getValue().substring(m.end(1), m.end()));
      }
      m = URL_USER_PASSWORD.matcher(e.getValue());
      while (m.find()) {
        secrets.add(m.group(3));
      }
    }
    secrets.removeIf(String::isEmpty);
    return secrets;
  }

  private static final java.util.regex.Pattern URL_PASSWORD =
      java.util.regex.Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s,)]*");
  private static final java.util.regex.Pattern URL_USER_PASSWORD =
      java.util.regex.Pattern.compile("(jdbc:[A-Za-z0-9]+://)([^/:@\\s]+):([^@/\\s]+)@");

  /** Never prints secrets: options whose name looks like a password or token are masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    options.forEach((k, v) -> shown.put(k, SpecNode.isSecretKey(k) ? "*****" : v));
    return "SourceSpec[name="
        + name
        + ", format="
        + format
        + ", path="
        + path.orElse("-")
        + ", options="
        + shown
        + ", key="
        + key
        + ", pii="
        + pii
        + ", lastUpdated="
        + lastUpdated.orElse("-")
        + ", references="
        + references
        + schema.map(x -> ", schema=" + x + ", tables=" + tables).orElse("")
        + ", declaredAt="
        + declaredAt
        + "]";
  }

  static SourceSpec fromNode(
      String name, SpecNode node, Map<String, SpecNode> sources, Locations locations) {
    int mark = node.mark();
    node.allowOnly(
        "format",
        "path",
        "options",
        "key",
        "pii",
        "last-updated",
        "references",
        "schema",
        "tables");
    Names.checkIdentifier(name).ifPresent(p -> node.problem(null, "source " + p));
    String format = node.choice("format", FORMATS);
    Optional<String> path = node.optString("path");
    Map<String, String> options = node.stringMap("options");
    if ("jdbc".equals(format)) {
      path.ifPresent(
          p ->
              node.problem(
                  "path",
                  "a jdbc source is read with options { url, dbtable, user, password }, not a path: remove 'path'"));
      if (!options.containsKey("url")) {
        node.problem(
            "options",
            "a jdbc source needs options.url, e.g. \"jdbc:postgresql://127.0.0.1:5432/legacy\"");
      }
      if (!options.containsKey("dbtable") && !options.containsKey("query") && !node.has("schema")) {
        node.problem(
            "options",
            "a jdbc source needs options.dbtable (a table name), options.query, or schema = \"public\" (every table of a schema)");
      }
      if (node.has("schema") && (options.containsKey("dbtable") || options.containsKey("query"))) {
        node.problem(
            "schema",
            "a source reads either one table (options.dbtable or options.query) or a whole schema: remove one");
      }
    } else if (node.has("schema")) {
      node.problem(
          "schema",
          "only a jdbc source reads a database schema; a " + format + " source reads a path");
    } else if (format != null && path.isEmpty()) {
      node.problem(
          "path",
          "missing required key 'path': a "
              + format
              + " source is read from a path (relative paths are under work-dir)");
    }
    path =
        path.flatMap(
            p -> {
              Optional<String> bad = Names.checkPath(p);
              bad.ifPresent(b -> node.problem("path", b));
              return bad.isPresent() ? Optional.empty() : Optional.of(locations.resolve(p));
            });
    List<String> key = columns(node, "key");
    Set<String> pii = new LinkedHashSet<>(columns(node, "pii"));
    Optional<String> lastUpdated = node.optString("last-updated");
    lastUpdated.flatMap(Names::checkColumn).ifPresent(p -> node.problem("last-updated", p));
    List<Reference> references = new ArrayList<>();
    for (SpecNode ref : node.objects("references")) {
      Reference r = Reference.fromNode(ref, sources);
      if (r != null) {
        references.add(r);
      }
    }
    Optional<String> schema = node.optString("schema");
    List<String> tables = node.strings("tables");
    if (!tables.isEmpty() && schema.isEmpty()) {
      node.problem(
          "tables",
          "'tables' lists tables of a schema: add schema = \"public\" (or the schema they are in)");
    }
    if (node.failedSince(mark)) {
      return null;
    }
    return new SourceSpec(
        name,
        format,
        path,
        options,
        key,
        pii,
        lastUpdated,
        references,
        schema,
        tables,
        declaredAt(node));
  }

  private static String declaredAt(SpecNode node) {
    com.typesafe.config.ConfigOrigin origin = node.origin();
    String file = origin.filename() != null ? origin.filename() : node.problems().file();
    return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
  }

  private static List<String> columns(SpecNode node, String key) {
    List<String> columns = node.strings(key);
    for (String c : columns) {
      Names.checkColumn(c).ifPresent(p -> node.problem(key, p));
    }
    return columns;
  }
}
