package io.cutover.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.run.CutoverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * One JSON Lines file per run ({@code folder/RUN.jsonl}, one JSON object a line), for readers that
 * have no Spark or Delta (pandas: {@code pd.read_json(f, lines=True)}). Written to a temporary
 * file, then renamed: a reader never sees half a run.
 */
public final class JsonLinesFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLinesFile() {}

  /** Writes {@code rows} as {@code folder/runId.jsonl}, replacing a file of the same run. */
  public static Path write(Path folder, String runId, List<? extends Map<String, ?>> rows) {
    Path file = folder.resolve(runId + ".jsonl");
    Path staging = folder.resolve("." + runId + ".jsonl.tmp");
    try {
      Files.createDirectories(folder);
      StringBuilder out = new StringBuilder();
      for (Map<String, ?> row : rows) {
        out.append(JSON.writeValueAsString(row)).append('\n');
      }
      Files.writeString(staging, out, StandardCharsets.UTF_8);
      Files.move(
          staging, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw CutoverException.runtime(
          "Cannot write " + file + ": " + e.getMessage() + "; check that the folder is writable.",
          e);
    }
    return file;
  }
}
