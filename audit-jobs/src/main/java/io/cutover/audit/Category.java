package io.cutover.audit;

/**
 * What kind of trouble: dead data, broken data, data that hangs on other data, or a column type the
 * target must be ready for (arrays, maps, binaries, a database's own types).
 */
public enum Category {
  ZOMBIE,
  CORRUPT,
  DEPENDENCY,
  TYPE
}
