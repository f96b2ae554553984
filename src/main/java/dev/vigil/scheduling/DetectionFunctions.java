package dev.vigil.scheduling;

import io.quarkus.funqy.Funq;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * The detection run as a function: a Knative PingSource (CloudEvent type {@code dev.vigil.detection.requested.v1})
 * or a plain {@code POST /detect} triggers the same run the schedule does, e.g. for scale-to-zero or a backfill.
 */
@ApplicationScoped
public class DetectionFunctions {

    private final DetectionRun run;
    private final Clock clock;

    public DetectionFunctions(DetectionRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @Funq("detect")
    public DetectionRun.Report detect() {
        return run.run(clock.instant());
    }
}
