package io.cutover.core.source;

import io.cutover.core.run.CutoverException;

/**
 * A source of the spec could not be opened (missing path, refused connection, unknown table, wrong
 * credentials): a runtime failure whose message starts with where the spec declares the source and
 * ends with the cause.
 */
public final class UnreadableSourceException extends CutoverException {
  private final String source;

  UnreadableSourceException(String source, String message, Throwable cause) {
    super(Kind.RUNTIME, message, cause);
    this.source = source;
  }

  /** The name of the source in the spec. */
  public String source() {
    return source;
  }
}
