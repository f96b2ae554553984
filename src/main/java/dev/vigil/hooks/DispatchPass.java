package dev.vigil.hooks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One pass of the {@link HookDispatcher}: how many deliveries it took, whether a hook reached {@code per-hook} in it (more of its deliveries
 * may be due), and when all of them were answered and recorded.
 */
public record DispatchPass(int count, boolean capped, CompletableFuture<Void> recorded) {

    /** Waits up to {@code within} for the pass's deliveries to be answered and recorded. */
    void awaitAtMost(Duration within) {
        try {
            recorded.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still out, or recorded with a failure the recording logged: the next pass leaves that hook alone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once every delivery of the pass was answered (or timed out) and recorded. */
    boolean answered() {
        return recorded.isDone();
    }

    /** Waits until the pass's deliveries were answered and recorded; returns how many there were. */
    public int await() {
        recorded.join();
        return count;
    }
}
