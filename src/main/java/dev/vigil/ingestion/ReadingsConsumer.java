package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.ingestion.KafkaEventDecoder.Decoded;
import dev.vigil.observability.TraceContext;
import dev.vigil.storage.Json;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the readings topic a poll at a time. Offsets are not committed to Kafka: {@link KafkaIngestion} stores
 * them with the aggregates in one transaction, and {@link ReadingsOffsets} seeks to them on assignment.
 *
 * <p>Nothing a record holds stops the channel: a record that is not a valid reading, or that PostgreSQL refuses,
 * goes to the dead-letter topic (cut, or bare, when Kafka would refuse it whole) and the rest of the poll is stored.
 * Any other failure (PostgreSQL down or restarting, a deadlock, the dead-letter topic unreachable or not writable)
 * is retried with back-off until it passes, so ingestion resumes by itself; meanwhile the poll waits and Kafka keeps
 * the records that follow. Such a fault is the same for every partition, so the poll waits whole: it is stored in
 * one transaction with its offsets ({@link RetriedIngestion}).
 */
@ApplicationScoped
public class ReadingsConsumer {

    /** A poll links to at most this many producers' traces: enough to follow a sample, bounded in cost. */
    private static final int MAX_LINKS = 32;

    private final ReadingIntake intake;
    private final RetriedIngestion ingestion;
    private final Tracer tracer;
    private final KafkaEventDecoder decoder = new KafkaEventDecoder(Json.mapper());

    public ReadingsConsumer(ReadingIntake intake, RetriedIngestion ingestion, Tracer tracer) {
        this.intake = intake;
        this.ingestion = ingestion;
        this.tracer = tracer;
    }

    @Incoming("readings")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        // one span per poll, not per record (a poll holds thousands), linked to the producers' traces
        SpanBuilder builder = tracer.spanBuilder("vigil.ingest.kafka.poll").setSpanKind(SpanKind.CONSUMER)
                .setAttribute("vigil.records", records.count());
        for (SpanContext producer : TraceContext.parseAll(traceparents(records), MAX_LINKS)) {
            builder.addLink(producer);
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ingestion.store(decode(records));
        } finally {
            span.end();
        }
    }

    /** The W3C header, or the CloudEvents Kafka binding's {@code ce_traceparent}, of the first records. */
    private static List<String> traceparents(ConsumerRecords<String, byte[]> records) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (found.size() >= MAX_LINKS) {
                break;
            }
            String value = header(r.headers(), TraceContext.TRACEPARENT);
            if (value == null) {
                value = header(r.headers(), "ce_" + TraceContext.TRACEPARENT);
            }
            if (value != null) {
                found.add(value);
            }
        }
        return found;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private Poll decode(ConsumerRecords<String, byte[]> records) {
        List<Poll.Valid> valid = new ArrayList<>(records.count());
        List<DeadLetter> refused = new ArrayList<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            ends.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            try {
                Decoded d = decoder.decode(r.headers(), r.value());
                List<Reading> readings = intake.validate(d.data(), d.time());
                valid.add(new Poll.Valid(r, d.event(), readings));
            } catch (RejectedInput e) {
                refused.add(DeadLetter.invalid(r, e));
            }
        }
        return new Poll(valid, refused, ends);
    }
}
