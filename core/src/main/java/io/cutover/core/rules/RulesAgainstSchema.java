package io.cutover.core.rules;

import io.cutover.core.run.CutoverException;
import io.cutover.core.spec.MigrationSpec;
import io.cutover.core.spec.SourceSpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A staged source's rules and target columns checked against the source's columns alone: the rules
 * are compiled over an empty frame of that schema, exactly as stage compiles them, so a rule naming
 * a column that does not exist (at its point in the rule list) and a {@code target.columns} list
 * the rules do not produce fail here with the rule's (or the target's) file:line, before any data
 * is read. Costs one analysis of the plan per source, no scan.
 */
public final class RulesAgainstSchema {
  private RulesAgainstSchema() {}

  /** The first problem of {@code source}'s rules against {@code schema}; empty when it compiles. */
  public static Optional<CutoverException> problem(
      SparkSession spark, MigrationSpec spec, SourceSpec source, StructType schema) {
    RuleCompiler compiler = new RuleCompiler(spec, source, LocalDate.now(ZoneOffset.UTC));
    Dataset<Row> empty = spark.createDataFrame(List.<Row>of(), schema);
    try {
      compiler.compile(compiler.withCohort(empty)).rows().schema();
      return Optional.empty();
    } catch (CutoverException e) {
      return Optional.of(e);
    } catch (RuntimeException e) {
      // Analysis errors the rules do not pin to a line themselves (Spark's own messages).
      String message = String.valueOf(e.getMessage());
      int nl = message.indexOf('\n');
      return Optional.of(
          CutoverException.badInput(
              "source '"
                  + source.name()
                  + "': its rules do not compile against its columns: "
                  + (nl < 0 ? message : message.substring(0, nl))));
    }
  }
}
