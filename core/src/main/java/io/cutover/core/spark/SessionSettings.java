package io.cutover.core.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a session is built from: an optional master (spark-submit's wins when absent) and Spark
 * settings.
 */
public record SessionSettings(String appName, Optional<String> master, Map<String, String> conf) {

  public SessionSettings {
    conf = Map.copyOf(conf);
  }

  /** Settings of the spec, overridden by those given on the command line. */
  public static SessionSettings of(
      String appName,
      Optional<String> master,
      Map<String, String> specConf,
      Map<String, String> cliConf) {
    Map<String, String> merged = new LinkedHashMap<>(specConf);
    merged.putAll(cliConf);
    return new SessionSettings(appName, master, merged);
  }
}
