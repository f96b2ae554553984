package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest runs against one real PostgreSQL and one real Kafka broker, started once for the run
 * (global resources, so the application boots once).
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
public final class RealServices {

    private RealServices() {
    }
}
