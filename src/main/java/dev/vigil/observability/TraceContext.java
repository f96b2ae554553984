package dev.vigil.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * W3C trace context in and out of CloudEvents (the distributed-tracing extension's {@code traceparent} attribute),
 * parsed and formatted by OpenTelemetry's own propagator so that Vigil agrees with every other instrumented party.
 */
public final class TraceContext {

    /** The attribute of CloudEvents' distributed-tracing extension, and the W3C header. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** The current span as a {@code traceparent} value; empty when tracing is off or no span is active. */
    public static Optional<String> current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /** The span context a {@code traceparent} value names; empty when the value is missing or malformed. */
    public static Optional<SpanContext> parse(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Optional.empty();
        }
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(TRACEPARENT, traceparent.trim()), MAP);
        SpanContext span = Span.fromContext(extracted).getSpanContext();
        return span.isValid() ? Optional.of(span) : Optional.empty();
    }

    /** The valid contexts among several {@code traceparent} values, at most {@code max} of them. */
    public static List<SpanContext> parseAll(List<String> traceparents, int max) {
        return traceparents.stream().map(TraceContext::parse).flatMap(Optional::stream).distinct().limit(max)
                .toList();
    }
}
