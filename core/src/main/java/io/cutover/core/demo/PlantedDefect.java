package io.cutover.core.demo;

import java.util.Objects;

/**
 * One kind of defect the demo planted in a column: {@code kind} is its family (corrupt, dependency,
 * zombie), {@code type} the precise defect, {@code rows} how many rows carry it. {@code keys}
 * counts duplicated keys and is 0 for every other type.
 */
public record PlantedDefect(
    String dataset, String column, String kind, String type, long rows, long keys, String detail) {

  public PlantedDefect {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(detail, "detail");
  }
}
