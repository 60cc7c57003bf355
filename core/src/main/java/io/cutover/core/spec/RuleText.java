package io.cutover.core.spec;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

/**
 * One rule written as the spec writes it ({@code { type = cast, column = x, ... }}), read by the
 * spec's own parser: how the audit turns a rule it is about to suggest into the rule stage would
 * run, to try it first.
 */
public final class RuleText {
  private RuleText() {}

  /** The rule, or a {@link SpecException} with every problem the spec loader would report. */
  public static RuleSpec parse(String hocon, String origin) {
    Problems problems = new Problems(origin);
    SpecNode node =
        new SpecNode(
                ConfigFactory.parseString(
                        "rule = " + hocon,
                        ConfigParseOptions.defaults().setOriginDescription(origin))
                    .root(),
                "",
                problems)
            .child("rule");
    RuleSpec rule = node == null ? null : RuleParser.parse(node);
    if (rule == null || problems.size() > 0) {
      throw new SpecException(problems.all());
    }
    return rule;
  }
}
