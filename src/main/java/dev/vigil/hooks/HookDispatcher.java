package dev.vigil.hooks;

import dev.vigil.storage.DeliveryStore;
import dev.vigil.storage.DeliveryStore.Due;
import dev.vigil.storage.HookStore.Hook;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Sends due hook deliveries (HTTP, or mail for a {@code mailto:} hook): leases a batch (no database transaction is held while sending), posts them all at once,
 * then records each outcome: delivered, tried again later ({@link Retries}), or given up. A slow or dead endpoint
 * costs its own deliveries a timeout each and holds up no other hook for longer.
 */
@ApplicationScoped
public class HookDispatcher {

    private static final Logger LOG = Logger.getLogger(HookDispatcher.class);

    private final DeliveryStore deliveries;
    private final HookConfig config;
    private final Sender sender;
    private final MailSender mail;
    private final Retries retries;
    private final MeterRegistry meters;
    private final Clock clock;
    /** The dashboard's address ending in "/", for links in chat lines; null without one. */
    private final String dashboard;

    public HookDispatcher(DeliveryStore deliveries, HookConfig config, ReactiveMailer mailer, MeterRegistry meters,
                          Clock clock) {
        this.deliveries = deliveries;
        this.config = config;
        this.sender = new Sender(config.timeout());
        this.mail = new MailSender(mailer, config.timeout());
        this.retries = new Retries(config.retryFirst(), config.retryMax(), config.maxAttempts());
        this.meters = meters;
        this.clock = clock;
        this.dashboard = config.dashboardUrl().map(u -> u.endsWith("/") ? u : u + "/").orElse(null);
        if (config.lease().compareTo(config.timeout()) <= 0) {
            throw new IllegalArgumentException("vigil.hooks.lease must be longer than vigil.hooks.timeout");
        }
    }

    void registerMeters(@Observes StartupEvent ignored) {
        Gauge.builder("vigil.hooks.backlog", deliveries, DeliveryStore::backlog).register(meters);
        meters.counter("vigil.hooks.delivered");
        meters.counter("vigil.hooks.failed");
        meters.counter("vigil.hooks.attempts.failed");
    }

    @Scheduled(identity = "vigil-hooks", every = "{vigil.hooks.every}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            while (pass() == config.batch()) {
                // a full batch means more may be due
            }
        } catch (RuntimeException e) {
            LOG.warnf("hook deliveries deferred: %s", e.getMessage());
        }
    }

    /** Sends one batch of due deliveries and returns how many were attempted. */
    public int pass() {
        Instant now = clock.instant();
        List<Due> due = deliveries.lease(now, now.plus(config.lease()), config.batch());
        List<CompletableFuture<Sender.Attempt>> sent = new ArrayList<>(due.size());
        for (Due d : due) {
            sent.add(send(Endpoint.of(d), d.eventId().toString(), d.payload(), d.traceparent(), now));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), sent.get(i).join());
        }
        return due.size();
    }

    private void record(Due d, Sender.Attempt attempt) {
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

    /** Sends one event now in the hook's format, outside the deliveries (a hook's test); nothing is stored. */
    Sender.Attempt sendNow(Hook hook, String id, String event) {
        return send(Endpoint.of(hook), id, event, null, clock.instant()).join();
    }

    private CompletableFuture<Sender.Attempt> send(Endpoint to, String id, String event, String traceparent,
                                                   Instant now) {
        if (HookBody.EMAIL.equals(to.format())) {
            return mail.send(to.url(), id, event, dashboard);
        }
        HookBody body;
        try {
            body = HookBody.of(to.format(), event, traceparent, dashboard, to.template());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Sender.Attempt.permanent("the template failed on this event: "
                    + e.getMessage()));
        }
        return sender.send(to.url(), to.secret(), to.headers(), id, body, traceparent, now);
    }
}
