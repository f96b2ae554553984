package dev.vigil.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.storage.Json;
import dev.vigil.storage.OutboxStore.OutboxRow;
import dev.vigil.storage.SilenceStore.Silence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The silence CloudEvents of the alerts topic. A started and an ended event per reported episode, keyed by the
 * series key (so they stay in order with the series' anomaly alerts), with ids derived from the series and its
 * last window, so a re-sent event keeps its id; one summary per pass whose silences went past the cap.
 */
final class SilenceEvents {

    static final String STARTED = "dev.vigil.silence.started.v1";
    static final String ENDED = "dev.vigil.silence.ended.v1";
    static final String CAPPED = "dev.vigil.silence.capped.v1";
    static final String SOURCE = "/vigil/silence";

    /** The data of a capped summary: how many silences the pass found, reported and held, by metric. */
    record Capped(Instant detectedAt, int silent, int reported, int held, List<MetricCount> metrics) {
    }

    /** Silent series of one metric in a capped pass. */
    record MetricCount(String metric, int series) {
    }

    private static final ObjectMapper JSON = Json.mapper().copy()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
                JSON.valueToTree(summary)));
    }

    private static OutboxRow of(String type, Silence s, Instant time) {
        UUID id = UUID.nameUUIDFromBytes(("silence|" + type + "|" + s.seriesId() + "|" + s.lastWindow())
                .getBytes(StandardCharsets.UTF_8));
        return new OutboxRow(id, Long.parseLong(s.seriesId()), s.seriesKey(), AlertEvents.envelope(id, SOURCE, type,
                s.seriesKey(), time, JSON.valueToTree(s)));
    }
}
