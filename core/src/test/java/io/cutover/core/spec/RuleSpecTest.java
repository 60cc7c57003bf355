package io.cutover.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which columns a rule may change: reconcile's value check and parent outcomes rely on it. */
class RuleSpecTest {
  private static final String AT = "t.conf:1";

  @Test
  void aRuleChangesTheColumnsItNamesAndARenameBothItsEnds() {
    RuleSpec trim = new RuleSpec.Trim("trim", AT, List.of("name", "city"));
    assertThat(trim.mayChange("city")).isTrue();
    assertThat(trim.mayChange("id")).isFalse();

    RuleSpec derive = new RuleSpec.Derive("derive", AT, "full", "name || city");
    assertThat(derive.mayChange("full")).isTrue();
    assertThat(derive.mayChange("name")).isFalse();

    RuleSpec rename = new RuleSpec.Rename("rename", AT, "cust", "customer_id");
    assertThat(rename.mayChange("cust")).isTrue();
    assertThat(rename.mayChange("customer_id")).isTrue();
    assertThat(rename.mayChange("id")).isFalse();
  }

  @Test
  void rulesThatKeepDropRouteOrFlagRowsChangeNoValue() {
    assertThat(new RuleSpec.Drop("drop", AT, List.of("fax"), "unused").mayChange("fax")).isFalse();
    assertThat(new RuleSpec.Exclude("exclude", AT, "test = 1", "test rows").mayChange("test"))
        .isFalse();
    assertThat(new RuleSpec.Flag("flag", AT, "age > 120", "warn").mayChange("age")).isFalse();
  }
}
