package io.cutover.core.fs;

import java.util.Map;

/**
 * The Spark settings that make a local session's Hadoop use {@link ForklessRawLocalFileSystem} for
 * {@code file:} paths, through both of Hadoop's APIs. Only for local masters: a cluster keeps the
 * file systems its own configuration names.
 */
public final class ForklessLocalFiles {
  public static final Map<String, String> SETTINGS =
      Map.of(
          "spark.hadoop.fs.file.impl",
          ForklessLocalFileSystem.class.getName(),
          "spark.hadoop.fs.AbstractFileSystem.file.impl",
          ForklessLocalFs.class.getName());

  private ForklessLocalFiles() {}
}
