package io.cutover.audit;

import io.cutover.core.privacy.Masking;
import io.cutover.core.source.SourceReader;
import io.cutover.core.spec.SourceSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Where a CSV or JSON source's unparseable lines are: the file and physical line number of the
 * first ones (the header counts as line 1), and a few of them masked. Spark does not keep line
 * numbers, so the raw lines Spark kept are looked up in the files read as text. Cost, paid only
 * when a source has unparseable lines: one limited scan collecting up to {@value #COLLECTED} of
 * them, then per file holding them (at most {@value #SHOWN} files) two passes over its text
 * (Spark's zipWithIndex counts the lines of each split first). A multi-line CSV or JSON source gets
 * examples without line numbers.
 */
final class UnparseableLines {
  /** Line numbers shown. */
  static final int SHOWN = 10;

  /** Masked lines shown. */
  static final int EXAMPLES = 3;

  /**
   * Raw unparseable lines collected to look up: enough for the first ones of a file that is mostly
   * broken.
   */
  private static final int COLLECTED = 1000;

  private static final String FILE = "_cutover_file";

  /** Field separators, quotes and brackets are kept; what lies between them is masked. */
  private static final Pattern VALUE = Pattern.compile("[^,;|\\t\"'{}\\[\\]:]+");

  private UnparseableLines() {}

  /**
   * @param lines where they are, as {@code file:line}, file relative to the source's path; examples
   *     masked
   */
  record Found(List<String> lines, List<String> examples) {}

  static Found find(SourceSpec source, Dataset<Row> data) {
    // Every column stays selected: Spark refuses a query of the corrupt-record column alone, and a
    // pruned
    // CSV parse could judge a line differently.
    List<Row> collected =
        data.withColumn(FILE, functions.input_file_name())
            .filter(functions.col(SourceReader.CORRUPT_RECORD).isNotNull())
            .limit(COLLECTED)
            .collectAsList();
    Map<String, Set<String>> rawByFile = new TreeMap<>();
    for (Row r : collected) {
      rawByFile
          .computeIfAbsent(r.getAs(FILE), f -> new HashSet<>())
          .add(r.getAs(SourceReader.CORRUPT_RECORD));
    }
    if (isMultiLine(source)) {
      List<String> examples =
          collected.stream()
              .map(r -> mask(r.<String>getAs(SourceReader.CORRUPT_RECORD)))
              .distinct()
              .limit(EXAMPLES)
              .toList();
      return new Found(List.of(), examples);
    }
    SparkSession spark = data.sparkSession();
    Map<String, String> rawAt = new LinkedHashMap<>();
    List<Map.Entry<String, Long>> located = new ArrayList<>();
    rawByFile.entrySet().stream()
        .limit(SHOWN)
        .forEach(
            e -> {
              Set<String> raw = e.getValue();
              JavaRDD<String> text =
                  spark.read().text(e.getKey()).javaRDD().map(r -> r.getString(0));
              List<Tuple2<String, Long>> hits =
                  text.zipWithIndex().filter(t -> raw.contains(t._1())).take(SHOWN);
              String label = label(e.getKey(), source.path().orElse(""));
              for (Tuple2<String, Long> hit : hits) {
                String at = label + ":" + (hit._2() + 1);
                located.add(Map.entry(at, hit._2() + 1));
                rawAt.put(at, hit._1());
              }
            });
    List<String> lines =
        located.stream()
            .sorted(
                Comparator.<Map.Entry<String, Long>, String>comparing(
                        e -> e.getKey().substring(0, e.getKey().lastIndexOf(':')))
                    .thenComparing(Map.Entry::getValue))
            .limit(SHOWN)
            .map(Map.Entry::getKey)
            .toList();
    List<String> examples =
        lines.stream()
            .map(rawAt::get)
            .map(UnparseableLines::mask)
            .distinct()
            .limit(EXAMPLES)
            .toList();
    return new Found(lines, examples);
  }

  /**
   * A raw line with every value masked and its shape kept: separators, quotes and brackets show why
   * it broke.
   */
  static String mask(String line) {
    if (line == null) {
      return null;
    }
    Matcher m = VALUE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group();
      m.appendReplacement(
          out, Matcher.quoteReplacement(value.isBlank() ? value : Masking.mask(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean isMultiLine(SourceSpec source) {
    return source.options().entrySet().stream()
        .anyMatch(
            e -> e.getKey().equalsIgnoreCase("multiLine") && e.getValue().equalsIgnoreCase("true"));
  }

  /** The file relative to the source's path (its name, when the path is the file itself). */
  static String label(String file, String sourcePath) {
    String f = pathOf(file);
    String base = pathOf(sourcePath).replaceAll("/+$", "");
    if (!base.isEmpty() && f.startsWith(base + "/")) {
      return f.substring(base.length() + 1);
    }
    return f.substring(f.lastIndexOf('/') + 1);
  }

  private static String pathOf(String location) {
    try {
      URI uri = new URI(location);
      return uri.getScheme() != null && uri.getPath() != null ? uri.getPath() : location;
    } catch (URISyntaxException e) {
      return location;
    }
  }
}
