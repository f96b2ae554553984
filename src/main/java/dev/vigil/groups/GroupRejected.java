package dev.vigil.groups;

import dev.vigil.errors.VigilError;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A group request that cannot be served: status, machine-readable code and the field at fault. Nothing is stored. */
public class GroupRejected extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public GroupRejected(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static GroupRejected invalid(String code, String field, String message) {
        return new GroupRejected(400, code, field, message);
    }

    public static GroupRejected notFound(String name) {
        return new GroupRejected(404, "GroupNotFound", "name", "no group named " + name);
    }

    public VigilError error() {
        return new VigilError(code, field, getMessage());
    }

    @Provider
    public static class Mapper implements ExceptionMapper<GroupRejected> {
        @Override
        public Response toResponse(GroupRejected e) {
            return e.error().response(e.status);
        }
    }
}
