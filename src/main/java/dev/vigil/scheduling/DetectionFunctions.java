package dev.vigil.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The detection run as a function: a Knative PingSource (CloudEvent type {@code dev.vigil.detection.requested.v1})
 * (also a PingSource's own type {@code dev.knative.sources.ping}, sent with data {@code {}}), or a plain
 * {@code POST /detect} triggers the same run the schedule does, e.g. for scale-to-zero or a backfill.
 */
@ApplicationScoped
public class DetectionFunctions {

    private final DetectionRun run;
    private final Clock clock;

    public DetectionFunctions(DetectionRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    /** {@code {}} runs as of now; {@code {"at": "2026-11-01T00:00:00Z"}} runs as of that time (backfill). */
    @Funq("detect")
    @CloudEventMapping(trigger = "dev.knative.sources.ping")
    public DetectionRun.Report detect(JsonNode request) {
        return run.runRequested(RunRequests.at(request, clock));
    }
}
