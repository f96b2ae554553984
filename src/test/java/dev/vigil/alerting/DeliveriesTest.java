package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Records handed to the producer hold back the next batch until settled; late acknowledgements are kept. */
class DeliveriesTest {

    private final Deliveries deliveries = new Deliveries();
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void aRecordIsUnresolvedUntilAcknowledgedOrRefusedAndAnAcknowledgedOneIsKeptUntilSettled() {
        CompletableFuture<Void> ackA = deliveries.hand(a, 0);
        CompletableFuture<Void> ackB = deliveries.hand(b, 0);
        assertEquals(2, deliveries.unresolved());
        ackA.complete(null); // after its batch gave up: the broker came back
        ackB.completeExceptionally(new IllegalStateException("delivery time-out"));
        assertEquals(0, deliveries.unresolved());
        assertEquals(List.of(a), deliveries.delivered(), "a refused record is sent again, an acknowledged one not");
        deliveries.settled(List.of(a));
        assertEquals(List.of(), deliveries.delivered());
    }

    @Test
    void aRecordWithoutOutcomeIsAbandonedAfterTheGivenTime() {
        deliveries.hand(a, 0);
        deliveries.hand(b, 50);
        assertEquals(0, deliveries.abandon(100, 100));
        assertEquals(1, deliveries.abandon(101, 100));
        assertEquals(1, deliveries.unresolved());
    }
}
