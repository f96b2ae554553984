package dev.vigil.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.ingestion.IngestionService.IngestResult;
import dev.vigil.query.JsonBodies;
import dev.vigil.storage.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * Plain JSON ingestion ({@code POST /readings}) with exact errors. Funqy's own plain-HTTP path answers malformed
 * JSON with a bare 400 it gives no hook for, so plain clients are pointed here; CloudEvents go to the functions.
 */
@Path("/readings")
public class ReadingsResource {

    private final ReadingIntake intake;

    public ReadingsResource(ReadingIntake intake) {
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public IngestResult ingest(byte[] body) {
        JsonNode data;
        try {
            // the bytes, not a decoded text: the parser refuses what is not UTF-8 (a lenient decoding turned each
            // invalid byte into U+FFFD, so caf\xe9 and caf\xe8 became one series), and decodes once
            data = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw JsonBodies.malformed(e, "data");
        } catch (IOException e) {
            throw new RejectedInput(400, "MalformedJson", "data", "the body is not readable JSON");
        }
        return intake.take(data, null, null, "http");
    }
}
