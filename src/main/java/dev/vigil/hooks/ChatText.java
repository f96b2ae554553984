package dev.vigil.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One line a person reads in a chat channel for an event of the alerts topic (a hook's {@code chat} format): what
 * happened, where, how bad, since when, and a link to the dashboard when its address is configured. Reads the
 * events' data as Vigil writes them; a field missing is left out, an unknown type gets its type and subject.
 */
final class ChatText {

    private ChatText() {
    }

    /** @param dashboard the dashboard's address ending in {@code /}, or null for no links */
    static String of(JsonNode event, String dashboard) {
        JsonNode d = event.path("data");
        String type = event.path("type").asText();
        return "[Vigil] " + switch (type) {
            case "dev.vigil.anomaly.detected.v1" -> anomaly(d) + link(dashboard, "series/", d.path("seriesId"));
            case "dev.vigil.group.anomaly.detected.v1" -> groupAnomaly(d)
                    + link(dashboard, "groups/" + d.path("group").asText() + "/", d.path("entityId"));
            case "dev.vigil.alerts.capped.v1" -> "Rule '" + d.path("rule").asText() + "' reached its cap of "
                    + d.path("maxPerHour").asText() + " alerts in the hour from " + time(d.path("hourStart"))
                    + "; its further alerts of that hour are withheld (the first: "
                    + d.path("firstWithheldSeriesKey").asText() + " at " + time(d.path("firstWithheldWindow")) + ").";
            case "dev.vigil.incident.opened.v1", "dev.vigil.incident.updated.v1", "dev.vigil.incident.resolved.v1" ->
                    incident(type.substring("dev.vigil.incident.".length(), type.length() - ".v1".length()), d)
                            + link(dashboard, "incidents/", d.path("id"));
            case "dev.vigil.silence.started.v1" -> d.path("seriesKey").asText() + " stopped sending data: its last "
                    + "window started " + time(d.path("lastWindow")) + ", the next was due "
                    + time(d.path("expectedWindow")) + "." + link(dashboard, "series/", d.path("seriesId"));
            case "dev.vigil.silence.ended.v1" -> d.path("seriesKey").asText() + (d.path("resumedWindow").isTextual()
                    ? " sends data again from " + time(d.path("resumedWindow")) + " (silent after "
                    : " is no longer reported silent (" + d.path("endedBy").asText("ended") + "; silent after ")
                    + time(d.path("lastWindow")) + ")." + link(dashboard, "series/", d.path("seriesId"));
            case "dev.vigil.silence.scope.started.v1" -> d.path("series").asText() + " series of "
                    + d.path("entities").asText() + " entities in " + scope(d.path("scope"))
                    + " stopped sending data together (found " + time(d.path("detectedAt")) + "): "
                    + metrics(d.path("metrics")) + ".";
            case "dev.vigil.silence.scope.ended.v1" -> "The silent series of " + scope(d.path("scope"))
                    + " send data again (" + time(d.path("endedAt")) + ").";
            case "dev.vigil.silence.capped.v1" -> d.path("silent").asText() + " series fell silent in one pass ("
                    + time(d.path("detectedAt")) + "): " + d.path("reported").asText() + " reported, "
                    + d.path("held").asText() + " held back by the cap; " + metrics(d.path("metrics")) + ".";
            case HookTrial.TEST_TYPE -> "Test event for the hook '" + d.path("hook").asText()
                    + "': it stands for no anomaly.";
            default -> type + " " + event.path("subject").asText() + ".";
        };
    }

    private static String anomaly(JsonNode d) {
        StringBuilder s = new StringBuilder("Anomaly on ").append(d.path("seriesKey").asText()).append(": ")
                .append(number(d.path("value")));
        if (d.path("expected").isNumber()) {
            s.append(" where ").append(number(d.path("expected"))).append(" was expected");
            if (d.path("lower").isNumber() && d.path("upper").isNumber()) {
                s.append(" (band ").append(number(d.path("lower"))).append(" to ").append(number(d.path("upper")))
                        .append(')');
            }
        }
        s.append(", severity ").append(number(d.path("severity")));
        if (d.path("reason").isTextual()) {
            s.append(", reason ").append(d.path("reason").asText());
        }
        return s.append(", window ").append(time(d.path("windowStart"))).append(rules(d.path("rules"))).append('.')
                .toString();
    }

    private static String groupAnomaly(JsonNode d) {
        List<String> top = new ArrayList<>();
        d.path("topContributors").forEach(c -> top.add(c.path("variable").asText() + " "
                + number(c.path("contribution"))));
        return "Group anomaly in " + d.path("group").asText() + " on " + d.path("entityKey").asText() + ", severity "
                + number(d.path("severity")) + (top.isEmpty() ? "" : ", led by " + String.join(", ", top))
                + ", window " + time(d.path("windowStart")) + rules(d.path("rules")) + ".";
    }

    private static String incident(String change, JsonNode d) {
        StringBuilder s = new StringBuilder("Incident ").append(change).append(": ").append(scope(d.path("scope")))
                .append(", ").append(d.path("seriesCount").asText()).append(" series, ")
                .append(counted(d.path("anomalyCount"), "anomaly", "anomalies"));
        if (d.path("groupAnomalyCount").asInt() > 0) {
            s.append(" and ").append(counted(d.path("groupAnomalyCount"), "group anomaly", "group anomalies"));
        }
        s.append(", peak severity ").append(number(d.path("peakSeverity"))).append(", ")
                .append(time(d.path("firstWindow"))).append(" to ").append(time(d.path("lastWindow")));
        JsonNode cause = d.path("rootCause").path("dimensions").path(0);
        JsonNode pair = d.path("rootCause").path("combinations").path(0);
        if (pair.isObject() && (!cause.isObject() || pair.path("score").asDouble() > cause.path("score").asDouble())) {
            s.append("; most of it in ").append(scope(pair.path("dimensions")));
        } else if (cause.isObject()) {
            s.append("; most of it in ").append(cause.path("key").asText()).append('=')
                    .append(cause.path("value").asText());
        }
        return s.append('.').toString();
    }

    private static String counted(JsonNode n, String one, String many) {
        return n.asText() + " " + (n.asInt() == 1 ? one : many);
    }

    private static String scope(JsonNode scope) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + "=" + e.getValue().asText());
        }
        return parts.isEmpty() ? "the fleet" : String.join(", ", parts);
    }

    private static String metrics(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        metrics.forEach(m -> parts.add(m.path("metric").asText() + " " + m.path("series").asText()));
        return parts.isEmpty() ? "no metric named" : String.join(", ", parts);
    }

    private static String rules(JsonNode rules) {
        List<String> names = new ArrayList<>();
        rules.forEach(r -> names.add(r.asText()));
        return names.isEmpty() ? "" : " (rules: " + String.join(", ", names) + ")";
    }

    /** An ISO instant as people read it in UTC, to the minute: "2026-12-04 10:05 UTC". */
    private static String time(JsonNode t) {
        String s = t.asText("");
        return s.length() >= 16 && s.charAt(10) == 'T' ? s.substring(0, 10) + " " + s.substring(11, 16) + " UTC"
                : s.isEmpty() ? "?" : s;
    }

    /** Four significant digits, never an exponent: 230.5, 0.8234, 12350. */
    private static String number(JsonNode n) {
        return n.isNumber() ? new BigDecimal(n.asDouble()).round(new MathContext(4)).stripTrailingZeros()
                .toPlainString() : "?";
    }

    /** The dashboard link of an event's series, entity or incident, or null (no address configured, or none). */
    static String link(JsonNode event, String dashboard) {
        JsonNode d = event.path("data");
        String s = switch (event.path("type").asText()) {
            case "dev.vigil.anomaly.detected.v1", "dev.vigil.silence.started.v1", "dev.vigil.silence.ended.v1" ->
                    link(dashboard, "series/", d.path("seriesId"));
            case "dev.vigil.group.anomaly.detected.v1" ->
                    link(dashboard, "groups/" + d.path("group").asText() + "/", d.path("entityId"));
            case "dev.vigil.incident.opened.v1", "dev.vigil.incident.updated.v1", "dev.vigil.incident.resolved.v1" ->
                    link(dashboard, "incidents/", d.path("id"));
            default -> "";
        };
        return s.isEmpty() ? null : s.substring(1);
    }

    private static String link(String dashboard, String path, JsonNode id) {
        return dashboard == null || !id.isTextual() ? "" : " " + dashboard + "#/" + path + id.asText();
    }
}
