package dev.vigil.alerting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.OutboxStore.OutboxRow;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The incident CloudEvents of the alerts topic: one per change of an incident, not one per series. The event id is
 * derived from the incident id and its version, so a re-sent event keeps its id; the Kafka key is
 * {@code incident/<id>}, so one incident's events stay in order.
 */
final class IncidentEvents {

    static final String OPENED = "dev.vigil.incident.opened.v1";
    static final String UPDATED = "dev.vigil.incident.updated.v1";
    static final String RESOLVED = "dev.vigil.incident.resolved.v1";
    static final String SOURCE = "/vigil/incidents";


    private IncidentEvents() {
    }

    static OutboxRow of(String type, Incident incident) {
        UUID id = UUID.nameUUIDFromBytes((incident.id() + "|" + incident.version())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = (ObjectNode) AlertEvents.data(incident);
        String key = "incident/" + incident.id();
        return new OutboxRow(id, null, key, AlertEvents.envelope(id, SOURCE, type, incident.id().toString(),
                incident.lastWindow(), data));
    }
}
