package dev.vigil.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.JsonBodies;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Reads the optional {@code at} (ISO-8601) of a detection run or a group's training: the instant to run as of. It
 * must lie between 1970 and now: later windows are not closed, and an instant near year 1 gave a cutoff before it
 * (year 0), stored as a run, or a Java error for years beyond ±9999.
 */
public final class RunRequests {

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Set<String> FIELDS = Set.of("at");

    private RunRequests() {
    }

    /** The request's {@code at}, or now when the request or its {@code at} is absent; 400 {@code InvalidParameter}. */
    public static Instant at(JsonNode request, Clock clock) {
        Instant now = clock.instant();
        if (request != null && !request.isObject()) {
            throw new RejectedInput(400, "InvalidParameter", null, "the body must be a JSON object {\"at\"?}");
        }
        String unknown = request == null ? null : JsonBodies.unknownField(request, FIELDS, Set.of());
        if (unknown != null) {
            // a misspelt "At" ran a live detection instead of the backfill asked for
            throw new RejectedInput(400, "UnknownField", unknown,
                    JsonBodies.unknownMessage(unknown, "a run request", FIELDS));
        }
        JsonNode at = request == null ? null : request.get("at");
        if (at == null || at.isNull()) {
            return now;
        }
        if (!at.isTextual()) {
            throw invalid("at must be an ISO-8601 date-time string");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(at.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("at is not an ISO-8601 date-time with offset: " + at.asText());
        }
        if (t.isAfter(now)) {
            throw invalid("at may not lie in the future: windows after now are not closed");
        }
        if (t.isBefore(EARLIEST)) {
            throw invalid("at may not lie before 1970-01-01T00:00:00Z");
        }
        return t;
    }

    private static RejectedInput invalid(String message) {
        return new RejectedInput(400, "InvalidParameter", "at", message);
    }
}
