package io.cutover.cli;

/** Exit codes are part of Cutover's interface: schedulers gate cutover on them. */
enum ExitCode {
  OK(0),
  GATE_FAILED(1),
  BAD_USAGE(2),
  RUNTIME_FAILURE(3);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
