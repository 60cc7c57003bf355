package io.cutover.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage records the rule-set hash and reconcile, a later command in another JVM, compares it: the
 * hash must not depend on anything that changes from one JVM to the next (such as an immutable
 * set's iteration order).
 */
class RulesHashTest {
  private static final String SPEC =
      """
            name = r
            sources { people { format = parquet, path = p, key = [id] } }
            cohorts { source = people, count = 4, seed = 7 }
            target { table = people, path = staged }
            audit { placeholders = ["", " ", "N/A", "NULL", "none", "-", "0", "1900-01-01", "n.a.", "unknown", "?", "tbd"] }
            rules { people = [
              { type = trim, column = name }
              { type = map, column = tier, values { G = gold, S = silver, B = bronze, P = platinum } }
            ] }
            """;

  @TempDir Path dir;

  @Test
  void theRulesHashIsTheSameInEveryJvm() throws Exception {
    Path spec = dir.resolve("r.conf");
    Files.writeString(spec, SPEC.replace("name = r\n", "name = r\nwork-dir = \"" + dir + "\"\n"));
    String here = hash(spec);

    for (int run = 0; run < 3; run++) {
      Process other =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Print.class.getName(),
                  spec.toString())
              .redirectErrorStream(true)
              .start();
      assertThat(other.waitFor(2, TimeUnit.MINUTES)).as("the other JVM finished").isTrue();
      String output =
          new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(other.exitValue()).as(output).isZero();
      assertThat(output).as("the hash computed in JVM %d", run + 2).isEqualTo(here);
    }
  }

  @Test
  void movingReformattingOrRedirectingTheSpecKeepsTheHashAndChangingARuleDoesNot()
      throws Exception {
    Path original = dir.resolve("r.conf");
    Files.writeString(
        original,
        SPEC.replace("name = r\n", "name = r\nwork-dir = \"" + dir.resolve("a") + "\"\n"));
    Path moved = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.conf");
    Files.writeString(
        moved,
        "# the same migration, moved, commented and pointed at another work-dir\n\n"
            + SPEC.replace("name = r\n", "name = r\nwork-dir = \"" + dir.resolve("b") + "\"\n")
                .replace("rules {", "\n\n# reviewed\nrules {"));
    Path changed = dir.resolve("changed.conf");
    Files.writeString(changed, Files.readString(original).replace("P = platinum", "P = premium"));

    assertThat(hash(moved)).isEqualTo(hash(original));
    assertThat(hash(changed))
        .as("a rule's values decide the staged rows")
        .isNotEqualTo(hash(original));
  }

  static String hash(Path spec) {
    MigrationSpec migration = SpecLoader.load(spec, Map.of(), Map.of());
    return new RuleCompiler(migration, migration.source("people"), LocalDate.of(2026, 11, 28))
        .rulesHash();
  }

  /** Prints the rule-set hash of the spec named by its argument. */
  public static final class Print {
    public static void main(String[] args) {
      System.out.println(hash(Path.of(args[0])));
    }
  }
}
