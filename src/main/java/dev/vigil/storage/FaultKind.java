package dev.vigil.storage;

import java.sql.SQLException;

/**
 * Whether a failed write can succeed if tried again. Only faults that PostgreSQL raises because of the data itself
 * are {@link #POISON}: SQLState class 22 (data exception, such as a NUL byte in text or an unsupported escape), 23
 * (integrity constraint violation), 54 (program limit exceeded, such as an index row too large) and P0001 (an
 * exception raised by a trigger or function). Everything else is {@link #TRANSIENT}: class 08 (connection), 57P0x
 * (shutdown, crash, server starting), 53 (insufficient resources), 40001 / 40P01 (serialization failure,
 * deadlock), but also faults that no record causes, such as a missing table, a pool time-out or an unexpected
 * exception: retrying those loses nothing, while treating them as poison would discard good data.
 */
public enum FaultKind {
    /** The data cannot be stored, however often it is tried. */
    POISON,
    /** The same write may succeed later. */
    TRANSIENT;

    /** Classifies a failure by the first SQLState in its cause chain; a violated precondition counts as poison. */
    public static FaultKind of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return poison(sql.getSQLState()) ? POISON : TRANSIENT;
            }
            if (t instanceof IllegalArgumentException) {
                return POISON;
            }
        }
        return TRANSIENT;
    }

    /** The SQLState of the first SQL failure in the cause chain, or null. */
    public static String sqlState(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean poison(String state) {
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54") || state.equals("P0001");
    }
}
