package dev.vigil.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.AlertEvents;
import dev.vigil.alerting.EventTypes;
import dev.vigil.alerting.SampleEvents;
import dev.vigil.hooks.HookResource.TestResult;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.storage.HookStore.Hook;
import dev.vigil.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A hook's test: one event sent now, outside the deliveries, so that an admin sees at once what the endpoint answers;
 * nothing is stored.
 */
@ApplicationScoped
class HookTrial {

    /** The CloudEvent type of a hook's test event; it is sent only by {@code POST {id}/test}. */
    static final String TEST_TYPE = "dev.vigil.hook.test.v1";

    private final HookSenders senders;
    private final Clock clock;

    HookTrial(HookSenders senders, Clock clock) {
        this.senders = senders;
        this.clock = clock;
    }

    /** Sends the test event, or with {@code type} a made-up event of that alert event type. */
    TestResult test(Hook hook, String type) {
        if (type != null && !EventTypes.ALL.contains(type)) {
            throw new RejectedInput(400, "InvalidParameter", "type", "type must be an alert event type: "
                    + String.join(", ", EventTypes.ALL));
        }
        UUID eventId = UUID.randomUUID();
        String event = type == null ? testEvent(hook.spec().name(), eventId, clock.instant())
                : SampleEvents.of(type, eventId, clock.instant());
        long started = System.nanoTime();
        Sender.Attempt a = senders.sendNow(hook, eventId.toString(), event);
        return new TestResult(a.delivered(), a.status(), a.error(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The test event of the hook named {@code hook}: its data holds {@code hook} and {@code message} only. */
    static String testEvent(String hook, UUID id, Instant now) {
        ObjectNode data = Json.mapper().createObjectNode().put("hook", hook)
                .put("message", "a test event from Vigil; it stands for no anomaly");
        return AlertEvents.envelope(id, "/vigil/hooks", TEST_TYPE, "hook/" + hook, now, data);
    }
}
