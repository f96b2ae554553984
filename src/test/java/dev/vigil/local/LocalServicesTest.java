package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A container (VIGIL_EMBEDDED=false) without its database or broker fails fast instead of embedding them. */
class LocalServicesTest {

    @Test
    void embeddedOffNeedsBothExternalServices() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalServices.requireExternalWhenEmbeddedIsOff(Map.of("VIGIL_EMBEDDED", "false")));
        assertTrue(e.getMessage().contains("VIGIL_DB_URL"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> LocalServices.requireExternalWhenEmbeddedIsOff(
                Map.of("VIGIL_EMBEDDED", "false", "VIGIL_DB_URL", "jdbc:postgresql://db/vigil")));
        assertDoesNotThrow(() -> LocalServices.requireExternalWhenEmbeddedIsOff(Map.of("VIGIL_EMBEDDED", "false",
                "VIGIL_DB_URL", "jdbc:postgresql://db/vigil", "VIGIL_KAFKA_BOOTSTRAP", "kafka:9092")));
        assertDoesNotThrow(() -> LocalServices.requireExternalWhenEmbeddedIsOff(Map.of()));
    }
}
