package dev.vigil.scheduling;

import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a run's worker loop on {@code n} threads at once and waits for all of them: each thread has its own
 * transactions, so a replica scores several shards on several cores. One worker runs on the caller's thread. The
 * first failure is rethrown once every worker has ended.
 */
final class ShardWorkers {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private ShardWorkers() {
    }

    static void run(int n, Runnable worker) {
        if (n <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(r, "vigil-detection-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            // the run's span stays the parent of every shard's span
            Runnable traced = Context.current().wrap(worker);
            List<Future<?>> others = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                others.add(pool.submit(traced));
            }
            RuntimeException failure = null;
            try {
                worker.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            for (Future<?> f : others) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = failure == null ? new IllegalStateException("interrupted while shards were scored")
                            : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }
}
