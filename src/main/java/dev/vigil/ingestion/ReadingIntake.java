package dev.vigil.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.aggregation.Reading;
import dev.vigil.ingestion.IngestionService.IngestResult;
import dev.vigil.storage.EventLedger.EventId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The one path from a decoded event (HTTP or Kafka) to stored readings: validate, then store, then count. */
@ApplicationScoped
public class ReadingIntake {

    private final ReadingParser parser;
    private final IngestionService service;
    private final MeterRegistry meters;
    private final Clock clock;

    public ReadingIntake(IngestionConfig config, IngestionService service, MeterRegistry meters, Clock clock) {
        this.parser = new ReadingParser(config);
        this.service = service;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param event the CloudEvent identity, or null for plain JSON
     * @param eventTime the CloudEvent {@code time}, or null
     * @throws RejectedInput when any reading is invalid; nothing is stored then
     */
    public IngestResult take(JsonNode data, EventId event, Instant eventTime, String channel) {
        List<Reading> readings;
        try {
            readings = parser.parse(data, eventTime, clock.instant());
        } catch (RejectedInput e) {
            throw rejected(e, channel);
        }
        return counted(service.accept(readings, event), channel);
    }

    /**
     * A CloudEvents batch ({@code application/cloudevents-batch+json}): every event is checked before any is stored,
     * then all are stored in one transaction.
     *
     * @throws RejectedInput naming the event's index and field ({@code [2].data.value}); nothing is stored then
     */
    public IngestResult takeBatch(JsonNode events, String channel) {
        List<LedgeredMerge.Event> decoded;
        try {
            decoded = CloudEventBatch.decode(events, parser, clock.instant());
        } catch (RejectedInput e) {
            throw rejected(e, channel);
        }
        return counted(service.acceptEvents(decoded), channel);
    }

    private RejectedInput rejected(RejectedInput e, String channel) {
        meters.counter("vigil.readings.rejected", "channel", channel, "code", e.code()).increment();
        return e;
    }

    private IngestResult counted(IngestResult result, String channel) {
        meters.counter("vigil.readings.accepted", "channel", channel).increment(result.accepted());
        meters.counter("vigil.readings.duplicate", "channel", channel).increment(result.duplicates());
        return result;
    }

    /** Validates without storing; the Kafka consumer stores a whole poll in one transaction itself. */
    public List<Reading> validate(JsonNode data, Instant eventTime) {
        return parser.parse(data, eventTime, clock.instant());
    }
}
