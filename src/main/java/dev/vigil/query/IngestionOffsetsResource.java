package dev.vigil.query;

import dev.vigil.storage.OffsetStore;
import dev.vigil.storage.OffsetStore.Position;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Kafka positions Vigil stored with the aggregates they produced. A producer that kept its records' offsets
 * knows a record is stored once its partition's {@code nextOffset} is above it; Kafka's own committed offsets are
 * not used by Vigil and say nothing about storage.
 */
@Path("/api/v1/ingestion/offsets")
@Produces(MediaType.APPLICATION_JSON)
public class IngestionOffsetsResource {

    private final OffsetStore offsets;

    public IngestionOffsetsResource(OffsetStore offsets) {
        this.offsets = offsets;
    }

    @GET
    @Operation(summary = "Stored Kafka positions per topic and partition: records below nextOffset are stored")
    public List<Position> offsets() {
        return offsets.positions();
    }
}
