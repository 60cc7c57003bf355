package io.cutover.cli;

import io.cutover.core.run.Progress;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints one line per job stage, with the time since the command started. */
final class ConsoleProgress implements Progress {
  private final PrintWriter out;
  private final long start = System.nanoTime();

  ConsoleProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void stage(String description) {
    out.printf("[%7s] %s%n", elapsed(), description);
    out.flush();
  }

  String elapsed() {
    Duration d = Duration.ofNanos(System.nanoTime() - start);
    return String.format("%d.%01ds", d.toSeconds(), d.toMillisPart() / 100);
  }
}
