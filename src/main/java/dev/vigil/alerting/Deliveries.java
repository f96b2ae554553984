package dev.vigil.alerting;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts this replica handed to the Kafka producer and whose outcome it must still act on. A batch whose
 * acknowledgements did not all arrive in time rolls back, yet the producer may still deliver its records later (when
 * the broker returns). So: while any record is unresolved (neither acknowledged nor refused), no new batch is handed
 * over, for it would hand over the same rows again; and a record acknowledged after its batch rolled back is
 * remembered as delivered until its row is marked published. Thread-safe: outcomes arrive on Kafka's threads.
 */
final class Deliveries {

    private record Handed(CompletableFuture<Void> ack, long atNanos) {
    }

    private final Map<UUID, Handed> unresolved = new ConcurrentHashMap<>();
    private final Set<UUID> delivered = ConcurrentHashMap.newKeySet();

    /** Records that {@code id} is handed over now; complete the returned future with the producer's outcome. */
    CompletableFuture<Void> hand(UUID id, long nowNanos) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        Handed handed = new Handed(ack, nowNanos);
        unresolved.put(id, handed);
        ack.whenComplete((ok, refused) -> {
            if (refused == null) {
                delivered.add(id); // before it leaves unresolved: whoever sees none unresolved sees it delivered
            }
            unresolved.remove(id, handed);
        });
        return ack;
    }

    /** How many handed records have no outcome yet. */
    int unresolved() {
        return unresolved.size();
    }

    /**
     * Gives up on records handed more than {@code afterNanos} ago that still have no outcome, and returns how many: a
     * producer that never answers must not stop publishing for good (their rows may then be sent again).
     */
    int abandon(long nowNanos, long afterNanos) {
        int before = unresolved.size();
        unresolved.values().removeIf(h -> nowNanos - h.atNanos() > afterNanos);
        return before - unresolved.size();
    }

    /** Acknowledged records whose rows may not be marked published yet. */
    List<UUID> delivered() {
        return List.copyOf(delivered);
    }

    /** Their rows are marked published (committed). */
    void settled(Collection<UUID> ids) {
        delivered.removeAll(ids);
    }
}
