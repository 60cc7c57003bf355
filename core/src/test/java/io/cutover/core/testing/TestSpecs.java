package io.cutover.core.testing;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One-file migration specs for tests: the source blocks given, the first of them the cohort source,
 * a target {@code people}, written into the test's folder and loaded as a command would load them.
 */
public final class TestSpecs {
  private TestSpecs() {}

  /**
   * Writes {@code dir/spec.conf} from {@code sources} (HOCON source blocks; relative paths resolve
   * against {@code dir}) and {@code more} (further top-level blocks, may be empty), and loads it
   * with {@code env} as the environment its secrets come from.
   */
  public static MigrationSpec load(Path dir, String sources, String more, Map<String, String> env)
      throws IOException {
    Path file = dir.resolve("spec.conf");
    String first = sources.trim().split("[ {]")[0];
    Files.writeString(
        file,
        "name = t\nwork-dir = \""
            + dir
            + "\"\nsources {\n"
            + sources
            + "\n}\ncohorts { source = "
            + first
            + " }\ntarget { table = people, path = staged }\n"
            + more);
    return SpecLoader.load(file, env, Map.of());
  }
}
