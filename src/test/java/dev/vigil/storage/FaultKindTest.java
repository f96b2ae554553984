package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FaultKindTest {

    @ParameterizedTest
    @CsvSource({
            "22021, POISON",    // invalid byte sequence (a NUL byte)
            "22P05, POISON",    // unsupported Unicode escape in jsonb
            "23505, POISON",    // unique violation
            "54000, POISON",    // index row too big
            "P0001, POISON",    // raised by a trigger
            "08006, TRANSIENT", // connection failure
            "08001, TRANSIENT", // could not connect
            "57P01, TRANSIENT", // admin shutdown
            "57P03, TRANSIENT", // the server is starting
            "53300, TRANSIENT", // too many connections
            "40001, TRANSIENT", // serialization failure
            "40P01, TRANSIENT", // deadlock
            "42P01, TRANSIENT", // undefined table: no record causes it, so none is dead-lettered for it
    })
    void bySqlState(String state, FaultKind kind) {
        assertEquals(kind, FaultKind.of(new StorageException("wrapped", new SQLException("x", state))));
        assertEquals(state, FaultKind.sqlState(new RuntimeException(new StorageException("w", new SQLException("x", state)))));
    }

    @Test
    void withoutSqlStateOnlyAViolatedPreconditionIsPoison() {
        assertEquals(FaultKind.TRANSIENT, FaultKind.of(new StorageException("pool", new SQLTransientConnectionException("timeout"))));
        assertEquals(FaultKind.TRANSIENT, FaultKind.of(new IllegalStateException("unexpected")));
        assertEquals(FaultKind.TRANSIENT, FaultKind.of(new NullPointerException()));
        assertEquals(FaultKind.POISON, FaultKind.of(new RuntimeException(new IllegalArgumentException("bad value"))));
        assertNull(FaultKind.sqlState(new IllegalStateException("none")));
    }
}
