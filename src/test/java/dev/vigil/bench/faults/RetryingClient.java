package dev.vigil.bench.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An HTTP telemetry client as a careful producer writes one: each batch is a binary-mode CloudEvent to {@code /}
 * with an id of its own, sent until Vigil answers 2xx, and every retry repeats the same id, so a batch whose
 * answer was lost (the server died after the commit) is dropped as a duplicate instead of counted twice.
 */
final class RetryingClient {

    /**
     * What the client did: readings acknowledged, requests, retries, answers saying "already taken", batches given
     * up, and the answers that caused retries (status, or -1 for no answer) with their counts.
     */
    record Stats(long readings, long requests, long retries, long duplicates, long refused, Map<Integer, Long> failures) {
    }

    private final Http http;

    RetryingClient(Http http) {
        this.http = http;
    }

    /**
     * Sends the batches with {@code threads} workers to whatever {@code url} supplies at each attempt, batch i not
     * before {@code spread * i / batches}; gives up on a batch (counted as refused) on a 4xx or at the deadline.
     */
    Stats send(Supplier<String> url, String metric, List<Workload.Batch> batches, int threads, Duration spread,
               long deadlineNanos) throws InterruptedException {
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicLong readings = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Map<Integer, Long> failures = new ConcurrentSkipListMap<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                    long due = t0 + spread.toNanos() * i / batches.size();
                    while (System.nanoTime() < due) {
                        pause(Math.min(50, (due - System.nanoTime()) / 1_000_000 + 1));
                    }
                    Map<String, String> headers = Map.of("ce-specversion", "1.0", "ce-id", metric + "-h" + i,
                            "ce-source", "/fault/" + metric, "ce-type", "dev.vigil.readings.v1",
                            "Content-Type", "application/json");
                    boolean done = false;
                    for (int attempt = 0; !done && System.nanoTime() < deadlineNanos; attempt++) {
                        if (attempt > 0) {
                            retries.incrementAndGet();
                            pause(250);
                        }
                        requests.incrementAndGet();
                        try {
                            Http.Answer a = http.post(url.get() + "/", headers, batches.get(i).json(), Duration.ofSeconds(20));
                            if (a.status() / 100 == 2) {
                                done = true;
                                readings.addAndGet(batches.get(i).readings());
                                if (a.body().contains("\"duplicate\":true")) {
                                    duplicates.incrementAndGet();
                                }
                            } else if (a.status() / 100 == 4) {
                                failures.merge(a.status(), 1L, Long::sum);
                                System.err.println("refused " + metric + "-h" + i + ": " + a.status() + " " + a.body());
                                break;
                            } else {
                                failures.merge(a.status(), 1L, Long::sum);
                            }
                        } catch (IOException e) {
                            failures.merge(-1, 1L, Long::sum);
                            // Vigil is down or restarting: try again with the same id
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    if (!done) {
                        refused.incrementAndGet();
                    }
                }
            }, "ce-client-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        return new Stats(readings.get(), requests.get(), retries.get(), duplicates.get(), refused.get(), failures);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
