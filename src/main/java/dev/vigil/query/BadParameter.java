package dev.vigil.query;

import dev.vigil.errors.VigilError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A query parameter out of its range or format: 400 with {@code {"code", "field", "message"}}. */
public class BadParameter extends RuntimeException {

    private final String field;

    public BadParameter(String field, String message) {
        super(message);
        this.field = field;
    }

    @Provider
    public static class Mapper implements ExceptionMapper<BadParameter> {
        @Override
        public Response toResponse(BadParameter e) {
            return new VigilError("InvalidParameter", e.field, e.getMessage()).response(400);
        }
    }
}
