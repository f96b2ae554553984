package dev.vigil.ingestion;

import dev.vigil.errors.Rejected;

/**
 * Input that cannot be taken, with the machine-readable {@code code}, the offending {@code field} (a JSON path
 * such as {@code readings[3].value}) and the HTTP status it maps to. Nothing of the event is stored.
 */
public class RejectedInput extends Rejected {

    public RejectedInput(int status, String code, String field, String message) {
        super(status, code, field, message);
    }

    public static RejectedInput invalid(String field, String message) {
        return new RejectedInput(400, "InvalidReading", field, message);
    }
}
