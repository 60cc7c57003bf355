package io.cutover.core.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Every message the demo generator gives a user, in one place. */
final class DemoErrors {
  private DemoErrors() {}

  static IllegalArgumentException tooFewRows(long rows, long min) {
    return new IllegalArgumentException(
        "Cannot generate demo data: rows is "
            + rows
            + ", but the demo needs at least "
            + min
            + " rows to plant its defects in; ask for "
            + min
            + " rows or more.");
  }

  static IllegalArgumentException noOutputDir() {
    return new IllegalArgumentException(
        "Cannot generate demo data: no output folder is given; "
            + "pass the folder the legacy data goes into, e.g. cutover-work/legacy.");
  }

  static UncheckedIOException cannotWrite(String where, IOException cause) {
    return new UncheckedIOException(
        "Cannot write demo data to "
            + where
            + ": "
            + cause.getMessage()
            + "; check that the folder is writable and has space, then run the demo again.",
        cause);
  }

  static IOException renameFailed(Object from, Object to) {
    return new IOException("renaming " + from + " to " + to + " failed");
  }

  static UncheckedIOException cannotReadTruth(Object file, IOException cause) {
    return new UncheckedIOException(
        "Cannot read demo ground truth "
            + file
            + ": "
            + cause.getMessage()
            + "; generate the demo data again to rewrite it.",
        cause);
  }

  static IllegalArgumentException unknownTruthFormat(Object file, String found, String expected) {
    return new IllegalArgumentException(
        "Cannot read demo ground truth "
            + file
            + ": its format is '"
            + found
            + "', this version reads '"
            + expected
            + "'; generate the demo data again to rewrite it.");
  }

  static IllegalArgumentException noSuchDefect(String dataset, String type, List<String> planted) {
    return new IllegalArgumentException(
        "No '"
            + type
            + "' defect was planted in demo dataset '"
            + dataset
            + "'; planted there: "
            + (planted.isEmpty() ? "none" : String.join(", ", planted))
            + ".");
  }
}
