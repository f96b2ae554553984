package dev.vigil.groups;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.Windows;
import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/groups/{name}/training} (role operate): retrains every entity of the group now, on the span
 * ending at the last closed window (or at {@code {"at": ...}}), and answers when they are trained. Each new READY
 * model replaces its entity's active one; a FAILED one leaves it in place.
 */
@Path("/api/v1/groups/{name}/training")
public class GroupTrainingResource {

    private final GroupStore groups;
    private final GroupTrainer trainer;
    private final AggregationConfig windows;
    private final DetectionConfig detection;
    private final Clock clock;

    public GroupTrainingResource(GroupStore groups, GroupTrainer trainer, AggregationConfig windows,
                                 DetectionConfig detection, Clock clock) {
        this.groups = groups;
        this.trainer = trainer;
        this.windows = windows;
        this.detection = detection;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retrain every entity of a group now (role operate); body optional: {\"at\": ISO-8601}")
    public GroupTrainer.TrainingRound train(@PathParam("name") String name, String body) {
        var rule = groups.rule(name).orElseThrow(() -> GroupRejected.notFound(name));
        Instant at = at(body);
        return trainer.train(rule, Windows.closedUntil(at, windows.window(), detection.delay()), false);
    }

    private Instant at(String body) {
        Instant now = clock.instant();
        if (body == null || body.isBlank()) {
            return now;
        }
        JsonNode at;
        try {
            at = Json.mapper().readTree(body).get("at");
        } catch (JsonProcessingException e) {
            throw GroupRejected.invalid("MalformedJson", null, "the body is not valid JSON");
        }
        if (at == null || at.isNull()) {
            return now;
        }
        try {
            Instant t = OffsetDateTime.parse(at.asText()).toInstant();
            if (!at.isTextual() || t.isAfter(now)) {
                throw GroupRejected.invalid("InvalidParameter", "at", "at may not lie in the future");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw GroupRejected.invalid("InvalidParameter", "at", "at must be an ISO-8601 date-time with offset");
        }
    }
}
