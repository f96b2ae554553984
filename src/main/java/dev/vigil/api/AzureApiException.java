package dev.vigil.api;

/**
 * A request the Azure contract rejects. Rendered by {@link ApiExceptionMappers} as the service did:
 * the status, a {@code {"code", "message"}} body and the {@code x-ms-error-code} header.
 */
final class AzureApiException extends RuntimeException {

    private final int status;
    private final String code;

    AzureApiException(int status, String code, String message) {
        super(message, null, false, false); // an expected outcome, not a fault: no stack trace
        this.status = status;
        this.code = code;
    }

    /** A 400 with the given Azure error code. */
    static AzureApiException badRequest(String code, String message) {
        return new AzureApiException(400, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
