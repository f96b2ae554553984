package dev.vigil.ingestion;

import dev.vigil.errors.VigilError;

/**
 * Input that cannot be taken, with the machine-readable {@code code}, the offending {@code field} (a JSON path
 * such as {@code readings[3].value}) and the HTTP status it maps to. Nothing of the event is stored.
 */
public class RejectedInput extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public RejectedInput(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, "InvalidReading", field, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** The body this rejection is answered with. */
    public VigilError error() {
        return new VigilError(code, field, getMessage());
    }
}
