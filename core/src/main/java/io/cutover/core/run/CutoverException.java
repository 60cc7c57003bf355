package io.cutover.core.run;

/**
 * A failure the user can act on (missing column, unreadable source, cohort never staged). The
 * message says what could not be done, why, and what to do; the command line prints it without a
 * stack trace.
 */
public class CutoverException extends RuntimeException {
  private final Kind kind;

  /**
   * Decides the exit code: bad input is the user's to fix (2), a failed run is a runtime failure
   * (3).
   */
  public enum Kind {
    BAD_INPUT,
    RUNTIME
  }

  public CutoverException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CutoverException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static CutoverException badInput(String message) {
    return new CutoverException(Kind.BAD_INPUT, message);
  }

  public static CutoverException runtime(String message, Throwable cause) {
    return new CutoverException(Kind.RUNTIME, message, cause);
  }
}
