package io.cutover.core.demo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Outputs written first under hidden staging names in their own folder and renamed into place only
 * once all are written, so a crash leaves the previous outputs whole. The swap itself is a rename
 * per output, not atomic as a set.
 */
final class StagedOutput {
  private final FileSystem fs;
  private final Path dir;
  private final String token = UUID.randomUUID().toString();
  private final Map<Path, Path> staged = new LinkedHashMap<>();

  private StagedOutput(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /** Outputs in {@code dir}, which is created if missing. */
  static StagedOutput in(String dir, Configuration hadoop) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(hadoop);
    Path qualified = fs.makeQualified(path);
    fs.mkdirs(qualified);
    return new StagedOutput(fs, qualified);
  }

  Path dir() {
    return dir;
  }

  /**
   * Where to write the output {@code name}; Spark and Hadoop skip names starting with a dot when
   * listing.
   */
  Path stage(String name) {
    Path staging = new Path(dir, "." + name + ".staging-" + token);
    staged.put(new Path(dir, name), staging);
    return staging;
  }

  void stageFile(String name, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(stage(name), false)) {
      out.write(content);
    }
  }

  /**
   * Moves each staged output over its target; the replaced target is deleted only after the move.
   */
  void publish() throws IOException {
    for (Map.Entry<Path, Path> output : staged.entrySet()) {
      Path target = output.getKey();
      Path replaced = new Path(dir, "." + target.getName() + ".replaced-" + token);
      boolean existed = fs.exists(target);
      if (existed) {
        rename(target, replaced);
      }
      rename(output.getValue(), target);
      if (existed) {
        fs.delete(replaced, true);
      }
    }
  }

  /**
   * Deletes what was staged after {@code failure}; a failure to delete is attached to it, not
   * thrown.
   */
  void discard(Exception failure) {
    for (Path staging : staged.values()) {
      try {
        fs.delete(staging, true);
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw DemoErrors.renameFailed(from, to);
    }
  }
}
