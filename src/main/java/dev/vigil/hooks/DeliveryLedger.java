package dev.vigil.hooks;

import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.DeliveryStore.Due;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The stored side of sending hook deliveries: leases due ones and records each outcome (delivered, tried again later
 * by {@link Retries}, or given up) with its counter; the dispatcher keeps only what is in flight.
 */
@ApplicationScoped
class DeliveryLedger {

    private static final Logger LOG = Logger.getLogger(DeliveryLedger.class);

    /** Deliveries leased at {@code at} (the time they are sent with) until {@code at} plus the lease. */
    record Lease(Instant at, List<Due> due) {
    }

    private final DeliveryStore deliveries;
    private final HookConfig config;
    private final Retries retries;
    private final MeterRegistry meters;
    private final Clock clock;

    DeliveryLedger(DeliveryStore deliveries, HookConfig config, MeterRegistry meters, Clock clock) {
        this.deliveries = deliveries;
        this.config = config;
        this.retries = new Retries(config.retryFirst(), config.retryMax(), config.maxAttempts());
        this.meters = meters;
        this.clock = clock;
    }

    void registerMeters(@Observes StartupEvent ignored) {
        Gauge.builder("vigil.hooks.backlog", deliveries, DeliveryStore::backlog).register(meters);
        meters.counter("vigil.hooks.delivered");
        meters.counter("vigil.hooks.failed");
        meters.counter("vigil.hooks.attempts.failed");
    }

    /** Leases up to {@code limit} due deliveries now, at most {@code perHook} of a hook and none of {@code busy}. */
    Lease lease(int limit, int perHook, Long[] busy) {
        Instant now = clock.instant();
        return new Lease(now, deliveries.lease(now, now.plus(config.lease()), limit, perHook, busy));
    }

    void record(Due d, Sender.Attempt attempt) {
        Instant at = clock.instant();
        if (attempt.delivered()) {
            deliveries.delivered(d, attempt.status(), at);
            meters.counter("vigil.hooks.delivered").increment();
            return;
        }
        meters.counter("vigil.hooks.attempts.failed").increment();
        Optional<Duration> wait = retries.after(d.attempt(), attempt);
        deliveries.failed(d, attempt.status(), attempt.error(), at, wait.map(at::plus).orElse(null));
        if (wait.isEmpty()) {
            meters.counter("vigil.hooks.failed").increment();
            LOG.warnf("hook %d gave up event %s after %d attempts: %s", d.hookId(), d.eventId(), d.attempt(),
                    attempt.error());
        }
    }
}
