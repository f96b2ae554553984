package dev.vigil.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.RejectedInput;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads a run request: an optional {@code at} (ISO-8601) that runs detection as of that instant. */
final class RunRequests {

    private RunRequests() {
    }

    static Instant at(JsonNode request, Clock clock) {
        Instant now = clock.instant();
        JsonNode at = request == null ? null : request.get("at");
        if (at == null || at.isNull()) {
            return now;
        }
        if (!at.isTextual()) {
            throw RejectedInput.invalid("at", "at must be an ISO-8601 date-time string");
        }
        try {
            Instant t = OffsetDateTime.parse(at.asText()).toInstant();
            if (t.isAfter(now)) {
                throw RejectedInput.invalid("at", "at may not lie in the future: windows after now are not closed");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw RejectedInput.invalid("at", "at is not an ISO-8601 date-time with offset: " + at.asText());
        }
    }
}
