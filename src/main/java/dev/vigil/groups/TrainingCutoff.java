package dev.vigil.groups;

import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.query.JsonBodies;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.RunRequests;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Where a group's training span ends: at the newest window past the late-data delay, as the detection run sees it,
 * so a model is never trained on a window that late readings may still change.
 */
@ApplicationScoped
class TrainingCutoff {

    private final AggregationConfig windows;
    private final DetectionConfig detection;
    private final Clock clock;

    TrainingCutoff(AggregationConfig windows, DetectionConfig detection, Clock clock) {
        this.windows = windows;
        this.detection = detection;
        this.clock = clock;
    }

    /** As of now. */
    Instant now() {
        return Windows.closedUntil(clock.instant(), windows.window(), detection.delay());
    }

    /** As of a training request's optional {@code {"at": ISO-8601}}, or now without one; 400 as a run request. */
    Instant requested(String body) {
        return Windows.closedUntil(RunRequests.at(JsonBodies.parse(body), clock), windows.window(), detection.delay());
    }
}
