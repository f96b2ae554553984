package dev.vigil.api;

/**
 * A data source that cannot be used (missing, unreadable, malformed, too large). Found while a background job reads
 * the data, so it is reported in the model's or result's {@code errors} with the service's code, not as a status.
 */
final class DataProblem extends RuntimeException {

    private final String code;

    DataProblem(String code, String message) {
        super(message, null, false, false); // an outcome reported to the client, not a fault
        this.code = code;
    }

    String code() {
        return code;
    }
}
