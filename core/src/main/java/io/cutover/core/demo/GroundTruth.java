package io.cutover.core.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the demo generator planted, counted exactly: rows per dataset, every planted defect, and per
 * dataset the columns that carry none. Stored as versioned JSON next to the data so an audit can be
 * scored against it.
 */
public record GroundTruth(
    String format,
    long seed,
    Map<String, Long> rows,
    List<PlantedDefect> defects,
    Map<String, List<String>> clean) {
  public static final String FORMAT = "cutover.demo.ground-truth/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  public GroundTruth {
    Objects.requireNonNull(format, "format");
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    defects = List.copyOf(defects);
    Map<String, List<String>> cleanCopy = new LinkedHashMap<>();
    clean.forEach((dataset, columns) -> cleanCopy.put(dataset, List.copyOf(columns)));
    clean = Collections.unmodifiableMap(cleanCopy);
  }

  public static GroundTruth read(Path file) {
    GroundTruth truth;
    try {
      truth = fromJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw DemoErrors.cannotReadTruth(file, e);
    }
    if (!FORMAT.equals(truth.format())) {
      throw DemoErrors.unknownTruthFormat(file, truth.format(), FORMAT);
    }
    return truth;
  }

  public void write(Path file) {
    try {
      Files.write(file, toJson());
    } catch (IOException e) {
      throw DemoErrors.cannotWrite(file.toString(), e);
    }
  }

  public List<PlantedDefect> defectsOf(String dataset) {
    return defects.stream().filter(d -> d.dataset().equals(dataset)).toList();
  }

  /** The defect of this type in the dataset; each type is planted at most once per dataset. */
  public PlantedDefect defect(String dataset, String type) {
    List<PlantedDefect> planted = defectsOf(dataset);
    List<String> types = planted.stream().map(PlantedDefect::type).toList();
    return planted.stream()
        .filter(d -> d.type().equals(type))
        .findFirst()
        .orElseThrow(() -> DemoErrors.noSuchDefect(dataset, type, types));
  }

  byte[] toJson() throws IOException {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
  }

  static GroundTruth fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, GroundTruth.class);
  }
}
