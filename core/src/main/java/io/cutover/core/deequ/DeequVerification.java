package io.cutover.core.deequ;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.DoubleMetric;
import com.amazon.deequ.metrics.Metric;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/** Deequ constraints behind a small Java builder: one VerificationSuite run, plain results back. */
public final class DeequVerification {
    private Check check = new Check(CheckLevel.Error(), "cutover", JavaConverters.asScalaBuffer(new ArrayList<com.amazon.deequ.constraints.Constraint>()).toSeq());

    /** One constraint's outcome: Deequ's description, whether it held, and Deequ's message when it did not. */
    public record Outcome(String constraint, boolean passed, String message) {
    }

    public DeequVerification complete(String column) {
        check = check.isComplete(column, Option.empty(), Option.empty());
        return this;
    }

    public DeequVerification unique(String column) {
        check = check.isUnique(column, Option.empty(), Option.empty());
        return this;
    }

    /** Every row satisfies the SQL predicate. */
    public DeequVerification satisfies(String name, String predicate) {
        Function1<Object, Object> all = share -> ((Double) share) == 1.0;
        check = check.satisfies(predicate, name, all, Option.empty(), scala.collection.immutable.List$.MODULE$.empty(), Option.empty());
        return this;
    }

    /** One metric Deequ computed to judge the constraints, e.g. (Column, email, Completeness, 0.998). */
    public record Measured(String entity, String instance, String name, double value) {
    }

    /** The constraints' outcomes and the metrics behind them (failed metric computations are left out). */
    public record Result(List<Outcome> outcomes, List<Measured> metrics) {
    }

    public Result run(Dataset<Row> data) {
        VerificationResult result = new VerificationSuite().onData(data).addCheck(check).run();
        return new Result(outcomes(result), metrics(result));
    }

    private static List<Measured> metrics(VerificationResult result) {
        List<Measured> out = new ArrayList<>();
        for (Metric<?> metric : JavaConverters.asJavaCollection(result.metrics().values())) {
            for (DoubleMetric d : JavaConverters.seqAsJavaList(metric.flatten())) {
                if (d.value().isSuccess()) {
                    out.add(new Measured(d.entity().toString(), d.instance(), d.name(), (Double) d.value().get()));
                }
            }
        }
        return out;
    }

    private static List<Outcome> outcomes(VerificationResult result) {
        List<Outcome> out = new ArrayList<>();
        for (CheckResult r : JavaConverters.seqAsJavaList(result.checkResults().values().toSeq())) {
            for (ConstraintResult c : JavaConverters.seqAsJavaList(r.constraintResults())) {
                boolean ok = c.status() == ConstraintStatus.Success();
                out.add(new Outcome(c.constraint().toString(), ok, c.message().isDefined() ? c.message().get() : ""));
            }
        }
        return out;
    }
}
