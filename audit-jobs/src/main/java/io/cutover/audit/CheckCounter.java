package io.cutover.audit;

/**
 * Where a column's value checks are counted: row by row in Deequ's scan ({@link ScanChecks}) or once per
 * distinct value from exact value counts ({@link ValueCountChecks}). Each method returns the metric's key.
 */
interface CheckCounter {
    /** Share of all rows whose value in {@code column} satisfies {@code predicate}. */
    String share(String column, String check, String predicate);

    /** The same among the rows that parsed: a broken CSV/JSON line is counted once, as unparseable. */
    String shareOfParsed(String column, String check, String predicate);

    /** Deequ's type inference of a string column. */
    String dataType(String column);
}
