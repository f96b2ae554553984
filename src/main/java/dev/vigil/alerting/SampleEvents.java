package dev.vigil.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import dev.vigil.storage.IncidentStore.Incident;
import dev.vigil.storage.Json;
import dev.vigil.storage.RootCauseRanking;
import dev.vigil.storage.RootCauseRanking.CombinationCause;
import dev.vigil.storage.RootCauseRanking.DimensionCause;
import dev.vigil.storage.RootCauseRanking.SeriesCause;
import dev.vigil.storage.ScoringStore.PendingWindow;
import dev.vigil.storage.ScoringStore.ResultRow;
import dev.vigil.storage.SilenceStore.Silence;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One made-up event of each type of the alerts topic, built by the same code as the real ones, so its data has every
 * field a real event of that type can have (none left null). A template hook is checked against them when saved, and
 * {@code POST /api/v1/admin/hooks/{id}/test?type=...} sends one, so a hook can be tried on what it will receive.
 * Their source is {@link #SOURCE} and their subject names no real series: a consumer can tell them from real ones.
 */
public final class SampleEvents {

    public static final String SOURCE = "/vigil/hooks";
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private SampleEvents() {
    }

    /** The sample of {@code type} (one of {@link EventTypes#ALL}) with the given id, its windows just before now. */
    public static String of(String type, UUID id, Instant now) {
        Instant window = Instant.ofEpochSecond(now.getEpochSecond() / WINDOW.toSeconds() * WINDOW.toSeconds())
                .minus(WINDOW.multipliedBy(2));
        String real = switch (type) {
            case AlertEvents.TYPE -> new AlertEvents().toAlert(pending(window), result(window), WINDOW,
                    List.of(AlertRule.DEFAULT_NAME)).payload();
            case GroupAlerts.TYPE -> GroupAlerts.event(groupAnomaly(window), List.of(AlertRule.DEFAULT_NAME))
                    .payload();
            case AlertEvents.CAPPED_TYPE -> AlertEvents.cappedSummary(cappingRule(), window.truncatedTo(
                    ChronoUnit.HOURS), "power{meter=sample}", window).payload();
            case IncidentEvents.OPENED, IncidentEvents.UPDATED, IncidentEvents.RESOLVED ->
                    IncidentEvents.of(type, incident(type, window, now)).payload();
            case SilenceEvents.STARTED -> SilenceEvents.started(silence(window, now)).payload();
            case SilenceEvents.ENDED -> SilenceEvents.ended(silence(window, now)).payload();
            case SilenceEvents.SCOPE_STARTED, SilenceEvents.SCOPE_ENDED -> SilenceEvents.scope(type,
                    new SilenceEvents.Scoped(Map.of("feeder", "sample"), now, 12, 0, counts(), now)).payload();
            case SilenceEvents.CAPPED -> SilenceEvents.capped(new SilenceEvents.Capped(now, 5_000, 100, 4_900,
                    counts())).payload();
            default -> throw new IllegalArgumentException("no event type " + type + "; the types are "
                    + EventTypes.ALL);
        };
        return relabel(real, id);
    }

    /** The sample with its own id and the hooks' source: no consumer takes it for, or merges it with, a real one. */
    private static String relabel(String event, UUID id) {
        try {
            ObjectNode node = (ObjectNode) Json.mapper().readTree(event);
            return node.put("id", id.toString()).put("source", SOURCE).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("events are built as JSON", e);
        }
    }

    private static PendingWindow pending(Instant window) {
        return new PendingWindow(-1, "power{meter=sample}", "power", "{\"meter\": \"sample\"}", window, 4.2, 5, 0,
                false, false);
    }

    private static ResultRow result(Instant window) {
        return new ResultRow(-1, window, "sample", 1, 4.2, 2.1, 1.5, 2.8, true, 0.82, 4.5, false, window.plus(WINDOW),
                "level");
    }

    private static GroupAlerts.GroupAnomaly groupAnomaly(Instant window) {
        List<VariableContribution> top = List.of(new VariableContribution("power", 0.7, 4.2, 2.1, List.of()),
                new VariableContribution("voltage", 0.3, 231.0, 230.0, List.of()));
        GroupResult r = new GroupResult("sample", "-1", window, "00000000-0000-0000-0000-000000000000", true, 0.9, 0.82,
                0, top, window.plus(WINDOW));
        return new GroupAlerts.GroupAnomaly(r, "meter=sample", Map.of("meter", "sample"), "sample", 1, WINDOW);
    }

    private static AlertRule cappingRule() {
        return new AlertRule(0, "sample", null, null, Map.of(), 0, "both", 1, Duration.ZERO, 10, List.of(), true);
    }

    private static Incident incident(String type, Instant window, Instant now) {
        RootCauseRanking cause = new RootCauseRanking(List.of(new DimensionCause("feeder", "sample", 0.9, 9, 10)),
                List.of(new SeriesCause("-1", "power{meter=sample}", 0.5, 0.9, 3)),
                List.of(new CombinationCause(Map.of("feeder", "sample", "region", "sample"), 0.95, 9, 9)));
        return new Incident(new UUID(0, 1),
                IncidentEvents.RESOLVED.equals(type) ? "resolved" : "open", Map.of("feeder", "sample"),
                window.minus(WINDOW.multipliedBy(3)),
                window, 0.9, 12, 30, 1, cause, now, now, now, 0);
    }

    private static Silence silence(Instant window, Instant now) {
        return new Silence("-1", "power{meter=sample}", "power", Map.of("meter", "sample"), window.minus(WINDOW),
                window, (int) WINDOW.toSeconds(), now, SilenceRun.ALERTED, Map.of("feeder", "sample"), now, "resumed",
                window);
    }

    private static List<SilenceEvents.MetricCount> counts() {
        return List.of(new SilenceEvents.MetricCount("power", 12));
    }
}
