package io.cutover.audit;

/** What kind of trouble: dead data, broken data, or data that hangs on other data. */
public enum Category { ZOMBIE, CORRUPT, DEPENDENCY }
