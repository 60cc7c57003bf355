package io.cutover.audit;

/** How much a finding should worry the engineer; reports list findings by severity, HIGH first. */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW,
  INFO
}
