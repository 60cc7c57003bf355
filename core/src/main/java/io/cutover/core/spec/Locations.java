package io.cutover.core.spec;

import java.nio.file.Path;

/** Resolves spec paths: URIs and absolute paths as given, relative paths under the work folder. */
record Locations(String workDir) {

    String resolve(String path) {
        if (Names.hasScheme(path) || Path.of(path).isAbsolute()) {
            return path;
        }
        return Path.of(workDir).resolve(path).normalize().toString();
    }
}
