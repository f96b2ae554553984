package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The publisher's log line names the root cause beneath the framework's wrappers. */
class FailuresTest {

    @Test
    void theRootCauseShowsBeneathTheWrappers() {
        Throwable root = new TimeoutException("Topic vigil.alerts not present in metadata after 5000 ms.");
        Throwable failure = new RuntimeException("Error invoking subclass method",
                new IllegalStateException("Kafka did not acknowledge the alerts", new RuntimeException(root)));
        assertEquals("java.lang.RuntimeException: Error invoking subclass method; caused by "
                + "java.lang.IllegalStateException: Kafka did not acknowledge the alerts; caused by "
                + "org.apache.kafka.common.errors.TimeoutException: Topic vigil.alerts not present in metadata after "
                + "5000 ms.", Failures.describe(failure), "the link that only repeats its cause is left out");
    }

    @Test
    void aFailureWithoutCauseIsItsClassAndMessage() {
        assertEquals("java.lang.IllegalStateException: null", Failures.describe(new IllegalStateException()));
    }
}
