package dev.vigil.errors;

/**
 * A request Vigil refuses, with the HTTP status, the machine-readable {@code code} and the request field at fault
 * (a JSON path such as {@code readings[3].value}, a parameter, or null). Every room's refusal extends it, so one
 * mapper renders them all as a {@link VigilError}; nothing of the refused request is stored.
 */
public class Rejected extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public Rejected(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
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

    /** The body this refusal is answered with. */
    public VigilError error() {
        return new VigilError(code, field, getMessage());
    }
}
