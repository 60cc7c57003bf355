package io.cutover.core.run;

/**
 * Where a job says which stage it is in. Jobs never print; the command line turns these calls into
 * one console line per stage with the elapsed time.
 */
@FunctionalInterface
public interface Progress {
  Progress SILENT = stage -> {};

  void stage(String description);
}
