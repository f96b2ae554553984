package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the alert CloudEvent (structured mode JSON) for an anomalous result. The id is derived from series,
 * window and detector, so a window that alerts again after a revision carries the same id and subscribers can
 * drop it.
 */
@ApplicationScoped
public class AlertEvents {

    public static final String TYPE = "dev.vigil.anomaly.detected.v1";
    public static final String SOURCE = "/vigil/detection";

    private final AlertConfig config;

    public AlertEvents(AlertConfig config) {
        this.config = config;
    }

    public Optional<OutboxRow> toAlert(PendingWindow w, ResultRow r, Duration size) {
        if (!r.anomaly() || r.severity() < config.minSeverity()) {
            return Optional.empty();
        }
        UUID id = UUID.nameUUIDFromBytes((w.seriesId() + "|" + w.start() + "|" + r.detector())
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode data = Json.mapper().createObjectNode()
                .put("seriesId", Long.toString(w.seriesId()))
                .put("seriesKey", w.seriesKey())
                .put("metric", w.metric());
        data.set("dimensions", dimensions(w.dimensionsJson()));
        data.put("windowStart", w.start().toString())
                .put("windowEnd", w.start().plus(size).toString())
                .put("value", r.value())
                .put("expected", r.expected())
                .put("lower", r.lower())
                .put("upper", r.upper())
                .put("severity", r.severity())
                .put("score", r.score())
                .put("reason", r.reason())
                .put("detector", r.detector())
                .put("detectorVersion", r.detectorVersion());
        ObjectNode event = Json.mapper().createObjectNode()
                .put("specversion", "1.0")
                .put("id", id.toString())
                .put("source", SOURCE)
                .put("type", TYPE)
                .put("subject", w.seriesKey())
                .put("time", w.start().plus(size).toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return Optional.of(new OutboxRow(id, w.seriesId(), w.seriesKey(), event.toString()));
    }

    private static JsonNode dimensions(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("series dimensions are stored as JSON", e);
        }
    }
}
