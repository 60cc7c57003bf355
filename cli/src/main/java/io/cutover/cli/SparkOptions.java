package io.cutover.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * --master and --conf, accepted by every command that runs Spark (the launcher also hands them to
 * spark-submit).
 */
final class SparkOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master, e.g. local[*], spark://host:7077, yarn (default: spark-submit's, else local[*]).")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting, repeatable; wins over the spec's spark.conf.")
  Map<String, String> conf = new LinkedHashMap<>();

  Optional<String> master() {
    return Optional.ofNullable(master);
  }
}
