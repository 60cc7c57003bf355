package io.cutover.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cast keys that say how numbers, dates and text are read: typed records, every mistake with
 * its file:line.
 */
class CastOptionsTest {
  private static final String HEAD =
      """
            name = c
            work-dir = /data/work
            sources { t { format = parquet, path = p, key = [id] } }
            cohorts { source = t, count = 1 }
            target { table = t, path = staged, columns { id { type = bigint }, note { type = "varchar(20)" }, code { type = string, length = 4 } } }
            rules { t = [
            """;

  @TempDir Path dir;

  private MigrationSpec load(String rules) throws IOException {
    Path file = dir.resolve("c.conf");
    Files.writeString(file, HEAD + rules + "\n] }\n");
    return SpecLoader.load(file, Map.of(), Map.of());
  }

  private RuleSpec.Cast only(String rule) throws IOException {
    return (RuleSpec.Cast) load(rule).rulesOf("t").get(0);
  }

  @Test
  void eachWayOfGivingSeparatorsIsReadIntoConventions() throws IOException {
    assertThat(only("{ type = cast, column = v, to = \"decimal(18,2)\" }").numbers())
        .isEqualTo(RuleSpec.Numbers.PLAIN);
    assertThat(
            only("{ type = cast, column = v, to = \"decimal(18,2)\", grouping-separator = \",\" }")
                .numbers()
                .accepted())
        .containsExactly(new RuleSpec.Separators(",", "."));
    RuleSpec.Numbers list =
        only("{ type = cast, column = v, to = \"decimal(18,2)\", separators = [{grouping = \",\", decimal = \".\"}, {grouping = \".\", decimal = \",\"}], rounding = half-even }")
            .numbers();
    assertThat(list.accepted())
        .containsExactly(new RuleSpec.Separators(",", "."), new RuleSpec.Separators(".", ","));
    assertThat(list.rounding()).isEqualTo(RuleSpec.Rounding.HALF_EVEN);
    assertThat(only("{ type = cast, column = v, to = bigint, separators = auto }").numbers())
        .isEqualTo(new RuleSpec.Numbers(CastOptions.AUTO, true, RuleSpec.Rounding.NONE));
    assertThat(
            only("{ type = cast, column = v, to = \"decimal(18,2)\", locale = \"de-DE\" }")
                .numbers()
                .accepted())
        .containsExactly(new RuleSpec.Separators(".", ","));
    assertThat(
            only("{ type = cast, column = v, to = \"decimal(18,2)\", locale = \"fr-FR\" }")
                .numbers()
                .accepted())
        .containsExactly(
            new RuleSpec.Separators(" ", ","),
            new RuleSpec.Separators("\u00A0", ","),
            new RuleSpec.Separators("\u202F", ","));
    assertThat(
            only("{ type = cast, column = d, to = date, formats = [\"d/M/yy\"], pivot-year = 1950, prefer = day-first }")
                .dates())
        .isEqualTo(new RuleSpec.Dates(Optional.of(1950), RuleSpec.Prefer.DAY_FIRST));
    assertThat(
            only("{ type = cast, column = note, to = \"varchar(20)\", truncate = true }")
                .truncate())
        .isTrue();
    assertThat(
            load("{ type = trim, column = note }").target().columns().stream()
                .map(c -> c.name() + ":" + c.length().orElse(-1)))
        .containsExactlyInAnyOrder("id:-1", "note:20", "code:4");
  }

  @Test
  void everyBadKeyOrValueIsReportedWithItsLine() throws IOException {
    String rules =
        String.join(
            "\n",
            List.of(
                "{ type = cast, column = a, to = \"decimal(18,2)\", separator = auto }",
                "{ type = cast, column = b, to = \"decimal(18,2)\", separators = [{grouping = \";\", decimal = \".\"}, {groupng = \".\", decimal = \",\"}] }",
                "{ type = cast, column = c, to = \"decimal(18,2)\", separators = sometimes }",
                "{ type = cast, column = d, to = \"decimal(18,2)\", locale = \"xx-QQ\" }",
                "{ type = cast, column = e, to = \"decimal(18,2)\", locale = \"de-DE\", grouping-separator = \",\", rounding = half-up }",
                "{ type = cast, column = f, to = date, formats = [\"d/M/yy\"], pivot-year = 19, prefer = day-frist, separators = auto }",
                "{ type = cast, column = g, to = string, truncate = true }"));
    String file = "c.conf";
    assertThatThrownBy(() -> load(rules))
        .hasMessageContaining(
            file + ":7: rules.t[0].separator: unknown key 'separator'; did you mean 'separators'?")
        .hasMessageContaining(
            file
                + ":8: rules.t[1].separators[0].grouping: ';' is not a grouping separator a cast reads")
        .hasMessageContaining(
            file
                + ":8: rules.t[1].separators[1].groupng: unknown key 'groupng'; did you mean 'grouping'?")
        .hasMessageContaining(file + ":9: rules.t[2].separators: expected 'auto' or a list such as")
        .hasMessageContaining(file + ":10: rules.t[3].locale: 'xx-QQ' is not a locale Java knows")
        .hasMessageContaining(
            file
                + ":11: rules.t[4].grouping-separator: give one of 'separators', 'locale' or 'grouping-separator'/'decimal-separator', not [locale, grouping-separator]")
        .hasMessageContaining(
            file + ":11: rules.t[4].rounding: 'half-up' is not one of [half-even, none]")
        .hasMessageContaining(
            file
                + ":12: rules.t[5].pivot-year: expected a whole number between 1000 and 9900, got 19")
        .hasMessageContaining(
            file
                + ":12: rules.t[5].prefer: 'day-frist' is not one of [day-first, month-first]; did you mean 'day-first'?")
        .hasMessageContaining(
            file
                + ":12: rules.t[5].separators: 'separators' applies only to a cast to a numeric type")
        .hasMessageContaining(
            file
                + ":13: rules.t[6].truncate: 'truncate' applies only to a cast to a string type with a length such as \"varchar(20)\""
                    .replace("20", "50"));
  }

  @Test
  void aLengthMustFitTheColumnsType() throws IOException {
    Path file = dir.resolve("t.conf");
    Files.writeString(
        file,
        HEAD.replace(
                "code { type = string, length = 4 }",
                "code { type = bigint, length = 4 }, n { type = \"varchar(3)\", length = 5 }")
            + "] }\n");
    assertThatThrownBy(() -> SpecLoader.load(file, Map.of(), Map.of()))
        .hasMessageContaining(
            "t.conf:5: target.columns.code.length: 'length' applies only to a string column, and 'code' is bigint")
        .hasMessageContaining(
            "t.conf:5: target.columns.n.length: length = 5 contradicts type varchar(3)");
  }
}
