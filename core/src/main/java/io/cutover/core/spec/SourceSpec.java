package io.cutover.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A legacy dataset: how to read it, its key, which columns hold personal data, which column says when a
 * row last changed, and which columns point at other sources.
 */
public record SourceSpec(
        String name,
        String format,
        Optional<String> path,
        Map<String, String> options,
        List<String> key,
        Set<String> pii,
        Optional<String> lastUpdated,
        List<Reference> references) {

    public static final Set<String> FORMATS = Set.of("parquet", "csv", "json", "orc", "delta", "jdbc");

    public SourceSpec {
        options = Map.copyOf(options);
        key = List.copyOf(key);
        pii = Set.copyOf(pii);
        references = List.copyOf(references);
    }

    public boolean isJdbc() {
        return format.equals("jdbc");
    }

    public boolean isPii(String column) {
        return pii.contains(column);
    }

    /** Declared PII, or named like personal data: its values are masked wherever they are shown. */
    public boolean isPersonal(String column) {
        return isPii(column) || io.cutover.core.privacy.Masking.looksPersonal(column);
    }

    /** Whether any key column is personal, so that key values shown as examples must be masked. */
    public boolean hasPersonalKey() {
        return key().stream().anyMatch(this::isPersonal);
    }

    /** Never prints secrets: options whose name looks like a password or token are masked. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        options.forEach((k, v) -> shown.put(k, SpecNode.isSecretKey(k) ? "*****" : v));
        return "SourceSpec[name=" + name + ", format=" + format + ", path=" + path.orElse("-") + ", options=" + shown
                + ", key=" + key + ", pii=" + pii + ", lastUpdated=" + lastUpdated.orElse("-") + ", references=" + references + "]";
    }

    static SourceSpec fromNode(String name, SpecNode node, Map<String, SpecNode> sources, Locations locations) {
        int mark = node.mark();
        node.allowOnly("format", "path", "options", "key", "pii", "last-updated", "references");
        Names.checkIdentifier(name).ifPresent(p -> node.problem(null, "source " + p));
        String format = node.choice("format", FORMATS);
        Optional<String> path = node.optString("path");
        Map<String, String> options = node.stringMap("options");
        if ("jdbc".equals(format)) {
            path.ifPresent(p -> node.problem("path", "a jdbc source is read with options { url, dbtable, user, password }, not a path: remove 'path'"));
            if (!options.containsKey("url")) {
                node.problem("options", "a jdbc source needs options.url, e.g. \"jdbc:postgresql://127.0.0.1:5432/legacy\"");
            }
            if (!options.containsKey("dbtable") && !options.containsKey("query")) {
                node.problem("options", "a jdbc source needs options.dbtable (a table name) or options.query");
            }
        } else if (format != null && path.isEmpty()) {
            node.problem("path", "missing required key 'path': a " + format + " source is read from a path (relative paths are under work-dir)");
        }
        path = path.flatMap(p -> {
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
        if (node.failedSince(mark)) {
            return null;
        }
        return new SourceSpec(name, format, path, options, key, pii, lastUpdated, references);
    }

    private static List<String> columns(SpecNode node, String key) {
        List<String> columns = node.strings(key);
        for (String c : columns) {
            Names.checkColumn(c).ifPresent(p -> node.problem(key, p));
        }
        return columns;
    }
}
