package dev.vigil.alerting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.OutboxRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Queues anomalous group windows as CloudEvents of type {@value #TYPE} in the alert outbox, in the caller's
 * transaction (the scorer's, with the results). The id is derived from group, entity and window, so a window that
 * alerts again after a late reading carries the same id and subscribers can drop it.
 */
@ApplicationScoped
public class GroupAlerts {

    public static final String TYPE = "dev.vigil.group.anomaly.detected.v1";
    public static final String SOURCE = "/vigil/groups";
    /** Contributors listed in the event, largest first. */
    static final int TOP = 5;

    private final OutboxStore outbox;
    private final AlertConfig config;

    public GroupAlerts(OutboxStore outbox, AlertConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    /** One anomalous window to announce, with what the event names: entity key, engine and window size. */
    public record GroupAnomaly(GroupResult result, String entityKey, String engine, int engineVersion,
                               Duration window) {
    }

    /** Adds the events of the anomalies at or above the configured least severity; returns how many. */
    public int queue(List<GroupAnomaly> anomalies) {
        List<OutboxRow> rows = new ArrayList<>();
        for (GroupAnomaly a : anomalies) {
            if (a.result().anomaly() && a.result().severity() >= config.minSeverity()) {
                rows.add(event(a));
            }
        }
        outbox.add(rows);
        return rows.size();
    }

    static OutboxRow event(GroupAnomaly a) {
        GroupResult r = a.result();
        UUID id = UUID.nameUUIDFromBytes(("group|" + r.group() + "|" + r.entityId() + "|" + r.windowStart())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = Json.mapper().createObjectNode()
                .put("group", r.group())
                .put("entityId", r.entityId())
                .put("entityKey", a.entityKey())
                .put("windowStart", r.windowStart().toString())
                .put("windowEnd", r.windowStart().plus(a.window()).toString())
                .put("severity", r.severity())
                .put("score", r.score())
                .put("modelId", r.modelId())
                .put("engine", a.engine())
                .put("engineVersion", a.engineVersion());
        ArrayNode top = data.putArray("topContributors");
        for (VariableContribution c : r.interpretation().subList(0, Math.min(TOP, r.interpretation().size()))) {
            top.add(Json.mapper().valueToTree(c));
        }
        ObjectNode event = Json.mapper().createObjectNode()
                .put("specversion", "1.0")
                .put("id", id.toString())
                .put("source", SOURCE)
                .put("type", TYPE)
                .put("subject", a.entityKey())
                .put("time", r.windowStart().plus(a.window()).toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return new OutboxRow(id, Long.parseLong(r.entityId()), a.entityKey(), event.toString());
    }
}
