package dev.vigil.alerting;

import dev.vigil.observability.TraceContext;
import dev.vigil.storage.OutboxStore;
import dev.vigil.storage.OutboxStore.Pending;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * What operators see of alert publishing: the outbox backlog and the published count as meters, and each batch as a
 * span linked to the detection runs that raised its alerts (a batch spans several traces, which no automatic
 * instrumentation links).
 */
@ApplicationScoped
class PublishingTelemetry {

    private static final int MAX_LINKS = 64;

    private final MeterRegistry meters;
    private final Tracer tracer;
    private final OutboxStore outbox;

    PublishingTelemetry(MeterRegistry meters, Tracer tracer, OutboxStore outbox) {
        this.meters = meters;
        this.tracer = tracer;
        this.outbox = outbox;
    }

    void registerMeters(@Observes StartupEvent ignored) {
        Gauge.builder("vigil.alerts.backlog", outbox, OutboxStore::backlog).register(meters);
        // at zero from the start, so that "nothing published" is a value an alert rule can see
        meters.counter("vigil.alerts.published");
    }

    void published(int alerts) {
        meters.counter("vigil.alerts.published").increment(alerts);
    }

    /** A started producer span for the batch of {@code rows}; the caller ends it. */
    Span batchSpan(List<Pending> rows) {
        SpanBuilder builder = tracer.spanBuilder("vigil.alerts.publish").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("vigil.alerts", rows.size());
        for (SpanContext run : TraceContext.parseAll(rows.stream().map(Pending::traceparent).toList(), MAX_LINKS)) {
            builder.addLink(run);
        }
        return builder.startSpan();
    }
}
