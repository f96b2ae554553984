package dev.vigil.feedback;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.scheduling.DetectionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Feedback as a key sends it, read against this deployment's settings: the window size turns a window start into a
 * range, the clock refuses ranges that start after now (feedback is on what was seen), and the shard count names the
 * scoring lock a changePoint's re-base takes.
 */
@ApplicationScoped
class FeedbackIntake {

    private final FeedbackService service;
    private final AggregationConfig windows;
    private final DetectionConfig detection;
    private final Clock clock;

    FeedbackIntake(FeedbackService service, AggregationConfig windows, DetectionConfig detection, Clock clock) {
        this.service = service;
        this.windows = windows;
        this.detection = detection;
        this.clock = clock;
    }

    /** Parses {@code body} (nothing is stored when it is refused) and gives the feedback in the name of {@code givenBy}. */
    FeedbackService.Given give(String body, String givenBy) {
        FeedbackRequest r = FeedbackRequest.parse(body, windows.window(), clock.instant());
        return service.give(r, givenBy, windows.window(), detection.shards());
    }
}
