package dev.vigil.ingestion;

import dev.vigil.aggregation.Reading;
import dev.vigil.ingestion.KafkaEventDecoder.Decoded;
import dev.vigil.observability.TraceContext;
import dev.vigil.storage.FaultKind;
import dev.vigil.storage.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the readings topic a poll at a time. Offsets are not committed to Kafka: {@link KafkaIngestion} stores
 * them with the aggregates in one transaction, and {@link ReadingsOffsets} seeks to them on assignment.
 *
 * <p>Nothing a record holds stops the channel: a record that is not a valid reading, or that PostgreSQL refuses,
 * goes to the dead-letter topic (cut, or bare, when Kafka would refuse it whole) and the rest of the poll is stored.
 * Any other failure (PostgreSQL down or restarting, a deadlock, the dead-letter topic unreachable or not writable)
 * is retried with back-off until it passes, so ingestion resumes by itself; meanwhile the poll waits and Kafka keeps
 * the records that follow. Such a fault is the same for every partition, so the poll waits whole: it is stored in
 * one transaction with its offsets.
 */
@ApplicationScoped
public class ReadingsConsumer {

    private static final Logger LOG = Logger.getLogger(ReadingsConsumer.class);
    /** A poll links to at most this many producers' traces: enough to follow a sample, bounded in cost. */
    private static final int MAX_LINKS = 32;

    private final ReadingIntake intake;
    private final KafkaIngestion ingestion;
    private final KafkaIngestionConfig config;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final KafkaEventDecoder decoder = new KafkaEventDecoder(Json.mapper());
    private final CountDownLatch stopping = new CountDownLatch(1);

    public ReadingsConsumer(ReadingIntake intake, KafkaIngestion ingestion, KafkaIngestionConfig config,
                            MeterRegistry meters, Tracer tracer) {
        this.intake = intake;
        this.ingestion = ingestion;
        this.config = config;
        this.meters = meters;
        this.tracer = tracer;
        // at zero from the start, so that a rule on their rate sees a value before the first fault
        meters.counter("vigil.readings.store.retries", "channel", "kafka");
        meters.counter("vigil.readings.dropped", "channel", "kafka");
        meters.counter("vigil.readings.dead.letter.failures", "channel", "kafka");
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
            store(records);
        } finally {
            span.end();
        }
    }

    private void store(ConsumerRecords<String, byte[]> records) {
        Poll poll = decode(records);
        Backoff backoff = new Backoff(config.retryMin(), config.retryMax());
        for (int failures = 0; ; failures++) {
            try {
                KafkaIngestion.Outcome outcome = ingestion.accept(poll);
                count(outcome);
                if (failures > 0) {
                    LOG.infof("readings stored again after %d failed attempts", failures);
                }
                return;
            } catch (RuntimeException e) {
                meters.counter("vigil.readings.store.retries", "channel", "kafka").increment();
                Duration wait = backoff.next();
                if (failures == 0 || Integer.bitCount(failures) == 1) {
                    LOG.warnf("readings not stored (attempt %d, %s fault%s), retrying in %s: %s", failures + 1,
                            FaultKind.of(e), sqlState(e), wait, e.getMessage());
                }
                if (!pause(wait)) {
                    // shutting down: nothing of this poll is stored, so the next start reads it again
                    return;
                }
            }
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

    void stop(@Observes ShutdownEvent event) {
        stopping.countDown();
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

    private void count(KafkaIngestion.Outcome outcome) {
        meters.counter("vigil.readings.accepted", "channel", "kafka").increment(outcome.accepted());
        meters.counter("vigil.readings.duplicate", "channel", "kafka").increment(outcome.duplicates());
        if (outcome.skipped() > 0) {
            meters.counter("vigil.readings.fenced", "channel", "kafka").increment(outcome.skipped());
        }
        for (DeadLetter d : outcome.deadLettered()) {
            if (d.invalid()) {
                meters.counter("vigil.readings.rejected", "channel", "kafka", "code", d.code()).increment();
            }
            meters.counter("vigil.readings.dead.lettered", "channel", "kafka", "code", d.code()).increment();
            LOG.warnf("dead-lettered %s-%d@%d: %s (%s)", d.record().topic(), d.record().partition(),
                    d.record().offset(), d.reason(), d.code());
        }
        for (DeadLetter d : outcome.dropped()) {
            meters.counter("vigil.readings.dropped", "channel", "kafka").increment();
            LOG.errorf("dropped %s-%d@%d: Kafka refused its dead letter even without value and headers; the record "
                    + "stays in its topic until retention ends: %s (%s)", d.record().topic(), d.record().partition(),
                    d.record().offset(), d.reason(), d.code());
        }
    }

    /** Waits, or returns false at once when the application is stopping. */
    private boolean pause(Duration wait) {
        try {
            return !stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sqlState(RuntimeException e) {
        String state = FaultKind.sqlState(e);
        return state == null ? "" : ", SQLState " + state;
    }
}
