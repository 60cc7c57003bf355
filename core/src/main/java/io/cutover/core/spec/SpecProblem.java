package io.cutover.core.spec;

/** One thing wrong with a spec, located at the file and line it came from. */
public record SpecProblem(String file, int line, String path, String message) {

  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : file;
    return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
