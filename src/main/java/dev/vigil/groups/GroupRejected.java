package dev.vigil.groups;

import dev.vigil.errors.Rejected;

/** A group request that cannot be served: status, machine-readable code and the field at fault. Nothing is stored. */
public class GroupRejected extends Rejected {

    public GroupRejected(int status, String code, String field, String message) {
        super(status, code, field, message);
    }

    static GroupRejected invalid(String code, String field, String message) {
        return new GroupRejected(400, code, field, message);
    }

    public static GroupRejected notFound(String name) {
        return new GroupRejected(404, "GroupNotFound", "name", "no group named " + name);
    }
}
