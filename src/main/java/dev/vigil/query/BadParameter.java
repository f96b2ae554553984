package dev.vigil.query;

import dev.vigil.errors.Rejected;

/** A query parameter out of its range or format: 400 {@code InvalidParameter} naming the parameter. */
public class BadParameter extends Rejected {

    public BadParameter(String field, String message) {
        super(400, "InvalidParameter", field, message);
    }
}
