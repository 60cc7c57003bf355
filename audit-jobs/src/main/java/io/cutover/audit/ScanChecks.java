package io.cutover.audit;

import io.cutover.core.deequ.DeequAnalysis;

/** Value checks counted row by row, as Compliance and DataType analyzers in Deequ's one scan. */
final class ScanChecks implements CheckCounter {
    private final DeequAnalysis deequ;
    private final String parsedRows;

    ScanChecks(DeequAnalysis deequ, String parsedRows) {
        this.deequ = deequ;
        this.parsedRows = parsedRows;
    }

    @Override
    public String share(String column, String check, String predicate) {
        return deequ.compliance(column + ":" + check, predicate);
    }

    @Override
    public String shareOfParsed(String column, String check, String predicate) {
        return share(column, check, "(" + predicate + ") AND " + parsedRows);
    }

    @Override
    public String dataType(String column) {
        return deequ.dataType(column);
    }
}
