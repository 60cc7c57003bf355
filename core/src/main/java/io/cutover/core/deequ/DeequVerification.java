package io.cutover.core.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckWithLastConstraintFilterable;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Deequ constraints behind a small Java builder: one VerificationSuite run, plain results back. The
 * same constraints can also be judged group by group (each group a SQL filter) in one pass, with
 * Deequ's {@code where} on every constraint.
 */
public final class DeequVerification {
  private final List<UnaryOperator<Check>> constraints = new ArrayList<>();

  /**
   * One constraint's outcome: Deequ's description, whether it held, and Deequ's message when it did
   * not.
   */
  public record Outcome(String constraint, boolean passed, String message) {}

  public DeequVerification complete(String column) {
    constraints.add(c -> c.isComplete(column, Option.empty(), Option.empty()));
    return this;
  }

  /** Not filterable per group: uniqueness with a filter is a grouping pass per group. */
  public DeequVerification unique(String column) {
    constraints.add(c -> c.isUnique(column, Option.empty(), Option.empty()));
    return this;
  }

  /** Every row satisfies the SQL predicate. */
  public DeequVerification satisfies(String name, String predicate) {
    Function1<Object, Object> all = share -> ((Double) share) == 1.0;
    constraints.add(
        c ->
            c.satisfies(
                predicate,
                name,
                all,
                Option.empty(),
                scala.collection.immutable.List$.MODULE$.empty(),
                Option.empty()));
    return this;
  }

  /**
   * One metric Deequ computed to judge the constraints, e.g. (Column, email, Completeness, 0.998).
   */
  public record Measured(String entity, String instance, String name, double value) {}

  /**
   * The constraints' outcomes and the metrics behind them (failed metric computations are left
   * out).
   */
  public record Result(List<Outcome> outcomes, List<Measured> metrics) {

    public boolean passed() {
      return outcomes.stream().allMatch(Outcome::passed);
    }
  }

  public Result run(Dataset<Row> data) {
    return perGroup(data, Map.of("cutover", "")).get("cutover");
  }

  /**
   * The constraints judged separately on the rows of each group (name to SQL filter; an empty
   * filter means every row), all in one Deequ pass. Results come back in the order of the groups.
   */
  public Map<String, Result> perGroup(Dataset<Row> data, Map<String, String> filters) {
    List<Check> checks = new ArrayList<>();
    filters.forEach((name, filter) -> checks.add(check(name, filter)));
    VerificationResult result =
        new VerificationSuite()
            .onData(data)
            .addChecks(JavaConverters.asScalaBuffer(checks).toSeq())
            .run();
    Map<String, Result> out = new LinkedHashMap<>();
    for (CheckResult r : JavaConverters.seqAsJavaList(result.checkResults().values().toSeq())) {
      out.put(r.check().description(), result(r));
    }
    Map<String, Result> ordered = new LinkedHashMap<>();
    filters.keySet().forEach(name -> ordered.put(name, out.get(name)));
    return ordered;
  }

  private Check check(String name, String filter) {
    Check check =
        new Check(
            CheckLevel.Error(),
            name,
            JavaConverters.asScalaBuffer(new ArrayList<com.amazon.deequ.constraints.Constraint>())
                .toSeq());
    for (UnaryOperator<Check> constraint : constraints) {
      check = constraint.apply(check);
      if (!filter.isEmpty()) {
        check = ((CheckWithLastConstraintFilterable) check).where(filter);
      }
    }
    return check;
  }

  private static Result result(CheckResult r) {
    List<Outcome> outcomes = new ArrayList<>();
    List<Measured> metrics = new ArrayList<>();
    for (ConstraintResult c : JavaConverters.seqAsJavaList(r.constraintResults())) {
      boolean ok = c.status() == ConstraintStatus.Success();
      outcomes.add(
          new Outcome(
              c.constraint().toString(), ok, c.message().isDefined() ? c.message().get() : ""));
      if (c.metric().isDefined()) {
        Metric<?> metric = c.metric().get();
        for (DoubleMetric d : JavaConverters.seqAsJavaList(metric.flatten())) {
          if (d.value().isSuccess()) {
            metrics.add(
                new Measured(
                    d.entity().toString(), d.instance(), d.name(), (Double) d.value().get()));
          }
        }
      }
    }
    return new Result(outcomes, metrics);
  }
}
