package dev.vigil.storage;

/** A database fault (not bad input): retryable, the caller's transaction is rolled back. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
