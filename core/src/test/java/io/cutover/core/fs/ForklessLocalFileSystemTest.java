package io.cutover.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.testing.SparkExtension;
import java.io.FileNotFoundException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The forkless local file system behaves as Hadoop's own, on real files. */
@ExtendWith(SparkExtension.class)
class ForklessLocalFileSystemTest {

  @Test
  void theSessionWritesThroughItWithHadoopsPermissions(
      SparkSession spark, @TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    assertThat(FileSystem.get(URI.create("file:///"), conf))
        .isInstanceOf(ForklessLocalFileSystem.class);
    assertThat(FileContext.getFileContext(URI.create("file:///"), conf).getDefaultFileSystem())
        .isInstanceOf(ForklessLocalFs.class);

    String table = dir.resolve("t").toString();
    spark.range(3).write().format("delta").save(table);
    spark.range(3, 5).write().format("delta").mode("append").save(table);

    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(5);
    java.nio.file.Path commit = dir.resolve("t/_delta_log/00000000000000000001.json");
    assertThat(Files.exists(commit)).isTrue();
    // Hadoop's defaults under the usual umask 022: files rw-r--r--, folders rwxr-xr-x.
    try (var files = Files.list(dir.resolve("t"))) {
      for (java.nio.file.Path f : files.toList()) {
        String expected = Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--";
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void permissionsAreSetBitByBit(@TempDir java.nio.file.Path dir) throws Exception {
    ForklessRawLocalFileSystem fs = new ForklessRawLocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration());
    java.nio.file.Path file = Files.writeString(dir.resolve("f"), "x");
    for (String mode : List.of("0640", "0751", "0400", "0777", "0000", "1755")) {
      fs.setPermission(new Path(file.toUri()), new FsPermission(mode));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .as(mode)
          .isEqualTo(
              new FsPermission(mode)
                  .toString()
                  .substring(0, 9)
                  .replace('t', 'x')
                  .replace('T', '-'));
    }
    assertThatThrownBy(
            () ->
                fs.setPermission(
                    new Path(dir.resolve("missing").toUri()), new FsPermission("0644")))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void linkStatusIsHadoopsForFilesFoldersLinksAndMissingPaths(@TempDir java.nio.file.Path dir)
      throws Exception {
    Configuration conf = new Configuration();
    ForklessRawLocalFileSystem forkless = new ForklessRawLocalFileSystem();
    forkless.initialize(URI.create("file:///"), conf);
    RawLocalFileSystem hadoop = new RawLocalFileSystem();
    hadoop.initialize(URI.create("file:///"), conf);
    java.nio.file.Path file = Files.writeString(dir.resolve("file"), "abc");
    java.nio.file.Path folder = Files.createDirectory(dir.resolve("folder"));
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    for (java.nio.file.Path p : List.of(file, folder, link)) {
      for (Path path : List.of(new Path(p.toUri()), new Path(p.toString()))) {
        FileStatus ours = forkless.getFileLinkStatus(path);
        FileStatus theirs = hadoop.getFileLinkStatus(path);
        assertThat(ours.isSymlink()).as(path.toString()).isEqualTo(theirs.isSymlink());
        assertThat(ours.isDirectory()).as(path.toString()).isEqualTo(theirs.isDirectory());
        assertThat(ours.getLen()).as(path.toString()).isEqualTo(theirs.getLen());
        assertThat(ours.getPath()).as(path.toString()).isEqualTo(theirs.getPath());
      }
    }
    assertThatThrownBy(() -> forkless.getFileLinkStatus(new Path(dir.resolve("none").toUri())))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void aRenameThatMustNotOverwriteFailsWhenTheTargetExists(@TempDir java.nio.file.Path dir)
      throws Exception {
    Configuration conf = new Configuration();
    ForklessLocalFiles.SETTINGS.forEach(
        (k, v) -> conf.set(k.substring("spark.hadoop.".length()), v));
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf);
    Path from = new Path(dir.resolve("from").toUri());
    Path to = new Path(dir.resolve("to").toUri());
    try (var out =
        fc.create(from, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("one".getBytes(StandardCharsets.UTF_8));
    }
    fc.rename(from, to, Options.Rename.NONE);
    assertThat(Files.readString(dir.resolve("to"))).isEqualTo("one");
    assertThat(Files.exists(dir.resolve("from"))).isFalse();

    try (var out =
        fc.create(from, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
      out.write("two".getBytes(StandardCharsets.UTF_8));
    }
    assertThatThrownBy(() -> fc.rename(from, to, Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("to"))).isEqualTo("one");
  }
}
