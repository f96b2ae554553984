package dev.vigil.hooks;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.DeliveryStore.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A hook's deliveries as the admin API shows them, and sending one again. */
@ApplicationScoped
class HookDeliveries {

    private final HookRegistry hooks;
    private final DeliveryStore deliveries;
    private final Clock clock;

    HookDeliveries(HookRegistry hooks, DeliveryStore deliveries, Clock clock) {
        this.hooks = hooks;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Newest first; {@code state} pending, delivered, failed or skipped, or null for all. */
    List<Delivery> recent(String id, String state, String limit) {
        if (state != null && !Set.of("pending", "delivered", "failed", "skipped").contains(state)) {
            throw new RejectedInput(400, "InvalidParameter", "state",
                    "state must be pending, delivered, failed or skipped");
        }
        return deliveries.recent(hooks.find(id).id(), state, Params.bounded("limit", limit, 100, 1, 1000));
    }

    /** Sends a delivery again from its first attempt (a given-up one, a skipped one, or a delivered one). */
    @Transactional
    Delivery retry(String id, String eventId) {
        long hookId = hooks.find(id).id();
        UUID event;
        try {
            event = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            throw new RejectedInput(400, "InvalidParameter", "eventId", "eventId must be a UUID (an event's id)");
        }
        return deliveries.again(hookId, event, clock.instant())
                .orElseThrow(() -> new NotFoundException("hook " + id + " has no delivery of event " + eventId));
    }
}
