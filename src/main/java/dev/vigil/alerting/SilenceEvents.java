package dev.vigil.alerting;

import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.SilenceStore.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The silence CloudEvents of the alerts topic. A started and an ended event per episode reported alone, keyed by the
 * series key (so they stay in order with the series' anomaly alerts), with ids derived from the series and its
 * last window, so a re-sent event keeps its id; a started and an ended event per scope whose series fell silent
 * together, keyed {@code silence/<scope>}; one summary per pass whose silences went past the cap.
 */
final class SilenceEvents {

    static final String STARTED = "dev.vigil.silence.started.v1";
    static final String ENDED = "dev.vigil.silence.ended.v1";
    static final String CAPPED = "dev.vigil.silence.capped.v1";
    static final String SCOPE_STARTED = "dev.vigil.silence.scope.started.v1";
    static final String SCOPE_ENDED = "dev.vigil.silence.scope.ended.v1";
    static final String SOURCE = "/vigil/silence";

    /** The data of a capped summary: how many silences the pass found, reported and held, by metric. */
    record Capped(Instant detectedAt, int silent, int reported, int held, List<MetricCount> metrics) {
    }

    /**
     * The data of a scope's silence: the dimension value ({} for the fleet) whose series fell silent together in one
     * pass, how many series and entities, by metric; {@code endedAt} once the last of them is back (or dismissed).
     */
    record Scoped(Map<String, String> scope, Instant detectedAt, int series, int entities, List<MetricCount> metrics,
                  Instant endedAt) {
    }

    /** Silent series of one metric in a capped pass. */
    record MetricCount(String metric, int series) {
    }


    private SilenceEvents() {
    }

    static OutboxRow started(Silence s) {
        return of(STARTED, s, s.detectedAt());
    }

    /** At its first window back, or when dismissed at the time it was. */
    static OutboxRow ended(Silence s) {
        return of(ENDED, s, s.resumedWindow() != null ? s.resumedWindow() : s.endedAt());
    }

    static OutboxRow capped(Capped summary) {
        UUID id = UUID.nameUUIDFromBytes(("silence|capped|" + summary.detectedAt())
                .getBytes(StandardCharsets.UTF_8));
        String key = "silence/" + summary.detectedAt();
        return new OutboxRow(id, null, key, AlertEvents.envelope(id, SOURCE, CAPPED, key, summary.detectedAt(),
                AlertEvents.data(summary)));
    }

    static OutboxRow scope(String type, Scoped scoped) {
        String subject = "silence/" + (scoped.scope().isEmpty() ? "fleet" : new TreeMap<>(scoped.scope()).entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        UUID id = UUID.nameUUIDFromBytes(("silence|" + type + "|" + subject + "|" + scoped.detectedAt())
                .getBytes(StandardCharsets.UTF_8));
        Instant time = scoped.endedAt() != null ? scoped.endedAt() : scoped.detectedAt();
        return new OutboxRow(id, null, subject, AlertEvents.envelope(id, SOURCE, type, subject, time,
                AlertEvents.data(scoped)));
    }

    private static OutboxRow of(String type, Silence s, Instant time) {
        UUID id = UUID.nameUUIDFromBytes(("silence|" + type + "|" + s.seriesId() + "|" + s.lastWindow())
                .getBytes(StandardCharsets.UTF_8));
        return new OutboxRow(id, Long.parseLong(s.seriesId()), s.seriesKey(), AlertEvents.envelope(id, SOURCE, type,
                s.seriesKey(), time, AlertEvents.data(s)));
    }
}
