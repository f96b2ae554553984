package dev.vigil.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every @QuarkusTest runs against one real PostgreSQL, one real Kafka broker and one real SMTP server, started once
 * for the run (global resources, so the application boots once).
 */
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SmtpResource.class)
public final class RealServices {

    private RealServices() {
    }
}
