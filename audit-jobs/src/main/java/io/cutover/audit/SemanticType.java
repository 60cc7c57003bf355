package io.cutover.audit;

/** What the values of a string column look like, which decides the pattern checks run on it. */
enum SemanticType {
  NONE,
  EMAIL,
  PHONE,
  DATE,
  NUMBER_TEXT,
  JSON;

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
