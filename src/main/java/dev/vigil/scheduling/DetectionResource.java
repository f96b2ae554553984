package dev.vigil.scheduling;

import dev.vigil.query.JsonBodies;
import dev.vigil.query.Utf8Body;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;

/**
 * {@code POST /api/v1/detection/runs}: a manual run or backfill, body optional ({@code {"at": ...}}). JSON only, so
 * that a cross-site form post (which cannot set that content type without a preflight) cannot start runs.
 */
@Path("/api/v1/detection/runs")
@Utf8Body
public class DetectionResource {

    private final DetectionRun run;
    private final Clock clock;

    public DetectionResource(DetectionRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DetectionRun.Report start(String body) {
        return run.runRequested(RunRequests.at(JsonBodies.parse(body), clock));
    }
}
