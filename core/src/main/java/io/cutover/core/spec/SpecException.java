package io.cutover.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be used; carries every problem found, not only the first. */
public final class SpecException extends RuntimeException {
  private final List<SpecProblem> problems;

  public SpecException(List<SpecProblem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public SpecException(SpecProblem problem) {
    this(List.of(problem));
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String format(List<SpecProblem> problems) {
    String head =
        problems.size() == 1
            ? "The migration spec has a problem:"
            : "The migration spec has " + problems.size() + " problems:";
    return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", head + "\n", ""));
  }
}
