package dev.vigil.hooks;

import dev.vigil.storage.DeliveryStore.Due;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Sends due hook deliveries (HTTP, or mail for a {@code mailto:} hook, through {@link HookSenders}): leases a batch (no
 * database transaction is held while sending), sends them all at once, and records each outcome as its answer comes
 * ({@link DeliveryLedger}): delivered, tried again later, or given up. A hook whose deliveries are still out gets no more until they are answered
 * (at most {@code per-hook} at once), so an endpoint that never answers holds a few senders for a timeout and no
 * other hook waits for it.
 */
@Startup // so that a lease no longer than the timeout fails the start, not the first pass
@ApplicationScoped
public class HookDispatcher {

    private static final Logger LOG = Logger.getLogger(HookDispatcher.class);

    private final HookConfig config;
    private final DeliveryLedger ledger;
    private final HookSenders senders;
    /** Free senders of this replica ({@code max-in-flight}). */
    private final Semaphore slots;
    /** Deliveries being sent, by hook: such a hook's next ones wait. */
    private final Map<Long, Integer> busy = new ConcurrentHashMap<>();
    /** Recordings not yet done, over every pass: shutdown waits for them ({@link #drain(Duration)}). */
    private final Set<CompletableFuture<Void>> outstanding = ConcurrentHashMap.newKeySet();
    /** Records outcomes off the HTTP client's and the mail sender's threads. */
    private final Executor workers;

    public HookDispatcher(HookConfig config, DeliveryLedger ledger, HookSenders senders, ManagedExecutor workers) {
        this.config = config;
        this.ledger = ledger;
        this.senders = senders;
        this.slots = new Semaphore(config.maxInFlight());
        this.workers = workers;
        if (config.lease().compareTo(config.timeout()) <= 0) {
            throw new IllegalArgumentException("vigil.hooks.lease must be longer than vigil.hooks.timeout");
        }
    }

    /**
     * At shutdown (no pass starts then), the deliveries still out get up to a timeout to be answered and recorded: a
     * rolling restart then neither holds them back for a lease nor sends again what was delivered.
     */
    void drain(@Observes ShutdownEvent ignored) {
        drain(config.timeout());
    }

    /** Waits up to {@code within} for every delivery out to be recorded; returns how many were still out. */
    int drain(Duration within) {
        CompletableFuture<?>[] out = outstanding.toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(out).get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // counted below: what is still out is sent again once its lease ends
        }
        int left = (int) Arrays.stream(out).filter(f -> !f.isDone()).count();
        if (left > 0) {
            LOG.warnf("%d hook deliveries still out at shutdown: sent again once their lease ends", left);
        }
        return left;
    }

    @Scheduled(identity = "vigil-hooks", every = "{vigil.hooks.every}", concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            // the newest pass in which a hook reached per-hook, until it is answered: that hook's next ones go then,
            // not a tick later. Both a full pass (two capped hooks fill a batch of 100) and answers slower than the
            // wait used to end the tick at the next pass, which found the hooks busy: in the daily walk's backfill two
            // hooks' backlogs moved at 50 each per 5-second tick, 10 a second
            DispatchPass out = null;
            boolean again;
            do {
                DispatchPass p = pass();
                if (p.capped()) {
                    out = p;
                }
                again = p.count() == config.batch();
                if (!again && out != null) {
                    out.awaitAtMost(CAPPED_WAIT);
                    again = true;
                    out = out.answered() ? null : out;
                }
            } while (again);
        } catch (RuntimeException e) {
            LOG.warnf("hook deliveries deferred: %s", e.getMessage());
        }
    }

    /**
     * How long a tick waits for a capped hook's deliveries before its next pass: short against the 5-second tick, so
     * what falls due for other hooks meanwhile goes no later than the tick would send it. A slower endpoint is still
     * busy then and gets nothing in that pass; the tick waits again until its deliveries are answered (at most the
     * request timeout), then sends its next ones.
     */
    static final Duration CAPPED_WAIT = Duration.ofSeconds(1);


    /**
     * Takes due deliveries (within the replica's free senders, at most {@code per-hook} of a hook, none of a hook
     * still being sent to) and sends them; each outcome is recorded when its answer comes, so the pass returns at once
     * and a slow endpoint delays only its own deliveries.
     */
    public DispatchPass pass() {
        int free = Math.min(config.batch(), slots.availablePermits());
        if (free == 0) {
            return new DispatchPass(0, false, CompletableFuture.completedFuture(null));
        }
        DeliveryLedger.Lease lease = ledger.lease(free, config.perHook(), busy.keySet().toArray(Long[]::new));
        List<Due> due = lease.due();
        List<CompletableFuture<Void>> recorded = new ArrayList<>(due.size());
        for (Due d : due) {
            slots.acquireUninterruptibly();
            busy.merge(d.hookId(), 1, Integer::sum);
            CompletableFuture<Sender.Attempt> sending;
            try {
                sending = senders.send(Endpoint.of(d), d.eventId().toString(), d.payload(), d.traceparent(),
                        lease.at());
            } catch (RuntimeException e) {
                sending = CompletableFuture.completedFuture(Sender.Attempt.failed(e));
            }
            CompletableFuture<Void> recording = sending.thenAcceptAsync(attempt -> ledger.record(d, attempt), workers)
                    .whenComplete((ignored, failure) -> {
                        busy.computeIfPresent(d.hookId(), (hook, n) -> n == 1 ? null : n - 1);
                        slots.release();
                        if (failure != null) {
                            // left leased: sent again when the lease ends
                            LOG.warnf("hook delivery %s of hook %d not recorded: %s", d.eventId(), d.hookId(),
                                    failure.getMessage());
                        }
                    });
            outstanding.add(recording);
            recording.whenComplete((ignored, failure) -> outstanding.remove(recording));
            recorded.add(recording);
        }
        Map<Long, Long> perHook = due.stream().collect(Collectors.groupingBy(Due::hookId, Collectors.counting()));
        boolean capped = perHook.values().stream().anyMatch(n -> n >= config.perHook());
        return new DispatchPass(due.size(), capped, CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null));
    }
}
