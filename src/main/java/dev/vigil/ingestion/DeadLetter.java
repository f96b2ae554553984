package dev.vigil.ingestion;

import dev.vigil.storage.FaultKind;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A readings record Vigil cannot take, and why: {@code code} is the validation error code (as HTTP answers it) or
 * {@link #STORAGE_REFUSED}; {@code field} names the offending field where one does (else null).
 */
public record DeadLetter(ConsumerRecord<String, byte[]> record, String code, String field, String reason) {

    /** The code of a record that passed validation but that PostgreSQL refuses, such as an index row too large. */
    public static final String STORAGE_REFUSED = "StorageRefused";

    private static final int MAX_REASON = 1000;

    static DeadLetter invalid(ConsumerRecord<String, byte[]> record, RejectedInput e) {
        return new DeadLetter(record, e.code(), e.field(), e.getMessage());
    }

    /** For a record whose storage failed with a {@link FaultKind#POISON} fault. */
    static DeadLetter refusedByStorage(ConsumerRecord<String, byte[]> record, RuntimeException fault) {
        String state = FaultKind.sqlState(fault);
        String message = sqlMessage(fault);
        String reason = (state == null ? "" : "SQLState " + state + ": ") + message;
        return new DeadLetter(record, STORAGE_REFUSED, null,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
    }

    /** True if validation refused the record (as opposed to PostgreSQL). */
    public boolean invalid() {
        return !STORAGE_REFUSED.equals(code);
    }

    private static String sqlMessage(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                return t.getMessage().lines().findFirst().orElse("");
            }
        }
        return String.valueOf(fault.getMessage());
    }
}
