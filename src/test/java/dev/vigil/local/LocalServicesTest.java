package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A container (VIGIL_EMBEDDED=false) without its database or broker fails fast instead of embedding them; a taken
 * port fails the local start with the port and its variable named instead of hanging in the broker.
 */
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

    @Test
    void kafkaSecurityWithoutAnExternalBrokerIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LocalServices.requireBootstrapForKafkaSecurity(Map.of("VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "VIGIL_KAFKA_SASL_PASSWORD", "secret")));
        assertTrue(e.getMessage().startsWith("VIGIL_KAFKA_SECURITY_PROTOCOL=SASL_SSL is set without "
                + "VIGIL_KAFKA_BOOTSTRAP"), e.getMessage());
        assertDoesNotThrow(() -> LocalServices.requireBootstrapForKafkaSecurity(Map.of(
                "VIGIL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "VIGIL_KAFKA_BOOTSTRAP", "kafka:9093")));
        assertDoesNotThrow(() -> LocalServices.requireBootstrapForKafkaSecurity(Map.of(
                "VIGIL_KAFKA_SECURITY_PROTOCOL", "plaintext")));
    }

    @Test
    void takenPortIsNamedWithItsVariable() throws Exception {
        try (ServerSocket holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = holder.getLocalPort();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalServices.requireFree(port, "VIGIL_LOCAL_KAFKA_PORT", "in-process Kafka broker"));
            assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains("VIGIL_LOCAL_KAFKA_PORT"),
                    e.getMessage());
        }
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = free.getLocalPort();
            free.close();
            assertDoesNotThrow(() -> LocalServices.requireFree(port, "VIGIL_LOCAL_PG_PORT", "embedded PostgreSQL"));
        }
    }
}
