package dev.vigil.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.observability.TraceContext;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.ScoringStore.OpenEvent;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Builds the CloudEvents (structured mode JSON) of the alerts topic. An anomaly's id is derived from series,
 * window and detector, so a window that alerts again after a revision carries the same id and subscribers can
 * drop it; a cap summary's from rule and hour.
 */
@ApplicationScoped
public class AlertEvents {

    public static final String TYPE = "dev.vigil.anomaly.detected.v1";
    public static final String CAPPED_TYPE = "dev.vigil.alerts.capped.v1";
    public static final String SOURCE = "/vigil/detection";
    public static final String ALERTING_SOURCE = "/vigil/alerting";

    /** The anomaly event of a flagged window that the named rules alerted on. */
    OutboxRow toAlert(AlertGate.Flagged f, Duration size, List<String> rules) {
        return toAlert(f.window(), f.continues() ? asEvent(f) : f.result(), size, rules);
    }

    /** A continuing window as its alert reports it: the event's expected value, band, severity and reason. */
    private static ResultRow asEvent(AlertGate.Flagged f) {
        ResultRow r = f.result();
        OpenEvent e = f.event();
        return new ResultRow(r.seriesId(), r.windowStart(), r.detector(), r.detectorVersion(), r.value(), e.expected(),
                e.lower(), e.upper(), true, e.severity(), r.score(), false, r.runCutoff(), e.reason());
    }

    /** The anomaly event of a window that the named rules alerted on. */
    public OutboxRow toAlert(PendingWindow w, ResultRow r, Duration size, List<String> rules) {
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
                .put("expected", number(r.expected()))
                .put("lower", number(r.lower()))
                .put("upper", number(r.upper()))
                .put("severity", r.severity())
                .put("score", r.score())
                .put("reason", r.reason())
                .put("detector", r.detector())
                .put("detectorVersion", r.detectorVersion());
        data.set("rules", Json.mapper().valueToTree(rules));
        return new OutboxRow(id, w.seriesId(), w.seriesKey(),
                envelope(id, SOURCE, TYPE, w.seriesKey(), w.start().plus(size), data));
    }

    /**
     * A number as the event's JSON carries it: null where the detector had none (a rule's limit flags a window while
     * the detector still warms up), never Jackson's {@code "NaN"} text, which a consumer reading numbers chokes on.
     */
    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** The one summary of an hour in which a rule's cap bit: further alerts of that hour are withheld. */
    public OutboxRow capped(AlertRule rule, Instant hour, PendingWindow first) {
        return cappedSummary(rule, hour, first.seriesKey(), first.start());
    }

    /**
     * The summary of a rule-hour whose first withheld alert was {@code firstKey} (a series or a group entity) at
     * {@code firstWindow}; its id depends on the rule and hour only, so series and group deciders send it once.
     */
    static OutboxRow cappedSummary(AlertRule rule, Instant hour, String firstKey, Instant firstWindow) {
        UUID id = UUID.nameUUIDFromBytes(("capped|" + rule.id() + "|" + hour).getBytes(StandardCharsets.UTF_8));
        ObjectNode data = Json.mapper().createObjectNode()
                .put("rule", rule.name())
                .put("ruleId", Long.toString(rule.id()))
                .put("hourStart", hour.toString())
                .put("hourEnd", hour.plus(Duration.ofHours(1)).toString())
                .put("maxPerHour", rule.maxPerHour())
                .put("firstWithheldSeriesKey", firstKey)
                .put("firstWithheldWindow", firstWindow.toString());
        String key = "rule/" + rule.name();
        return new OutboxRow(id, null, key, envelope(id, ALERTING_SOURCE, CAPPED_TYPE, key, hour, data));
    }

    /** Event data from records, date-times as ISO-8601 text (incidents, silences). */
    static JsonNode data(Object value) {
        return EVENT_DATA.valueToTree(value);
    }

    private static final ObjectMapper EVENT_DATA = Json.mapper().copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** A structured-mode CloudEvent around {@code data}. */
    public static String envelope(UUID id, String source, String type, String subject, Instant time,
                                  JsonNode data) {
        ObjectNode event = Json.mapper().createObjectNode()
                .put("specversion", "1.0")
                .put("id", id.toString())
                .put("source", source)
                .put("type", type)
                .put("subject", subject)
                .put("time", time.toString())
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return event.toString();
    }

    /** The event with the CloudEvents distributed-tracing attribute set, so consumers join the run's trace. */
    public static String withTraceparent(String event, String traceparent) {
        if (traceparent == null) {
            return event;
        }
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(event);
            node.put(TraceContext.TRACEPARENT, traceparent);
            return node.toString();
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("an outbox payload is not a CloudEvent JSON object", e);
        }
    }

    static JsonNode dimensions(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("series dimensions are stored as JSON", e);
        }
    }
}
