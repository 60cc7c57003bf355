package io.cutover.core.spec;

/** Where staged Delta tables live: {@code path} holds the staged table {@code table} and its quarantine, exclusions and runs. */
public record TargetSpec(String table, String path) {

    public String stagedPath() {
        return path + "/" + table;
    }

    public String quarantinePath() {
        return path + "/_quarantine";
    }

    public String exclusionsPath() {
        return path + "/_exclusions";
    }

    public String runsPath() {
        return path + "/_runs";
    }

    static TargetSpec fromNode(SpecNode node, Locations locations) {
        int mark = node.mark();
        node.allowOnly("table", "path");
        String table = node.string("table");
        if (table != null) {
            Names.checkIdentifier(table).ifPresent(p -> node.problem("table", p));
        }
        String path = node.string("path");
        if (path != null) {
            Names.checkPath(path).ifPresent(p -> node.problem("path", p));
        }
        return node.failedSince(mark) ? null : new TargetSpec(table, locations.resolve(path));
    }
}
