package dev.vigil.api;

import dev.vigil.storage.FaultKind;
import dev.vigil.storage.StorageException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The background jobs of the multivariate API on this replica: a fixed pool of {@code concurrency} threads takes
 * trainings and batch detections in order. Jobs live in PostgreSQL, not in this queue: every {@code heartbeat} the
 * replica renews the leases of the jobs it holds, picks up jobs that wait (created by a replica that stopped, or
 * interrupted by one: their lease ran out) and forgets expired results; at start-up it does the same at once, so a
 * restart resumes what it was doing.
 */
@ApplicationScoped
public class MvJobs {

    private static final Logger LOG = Logger.getLogger(MvJobs.class);
    private static final int PICK_UP = 100;

    private final MvJobTables tables;
    private final MvTrainingRun training;
    private final MvDetectionRun detection;
    private final ExecutorService pool;
    private final String owner = "vigil-" + UUID.randomUUID();
    private final Set<UUID> trainings = ConcurrentHashMap.newKeySet();
    private final Set<UUID> detections = ConcurrentHashMap.newKeySet();

    MvJobs(MvJobTables tables, MvTrainingRun training, MvDetectionRun detection, MultivariateConfig config) {
        this.tables = tables;
        this.training = training;
        this.detection = detection;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.concurrency(), config.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vigil-mv-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    void train(UUID id) {
        if (trainings.add(id)) {
            pool.execute(() -> {
                try {
                    training.run(id, owner);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "multivariate training %s: the job stopped; its lease will run out and it is retried", id);
                } finally {
                    trainings.remove(id);
                }
            });
        }
    }

    void detect(UUID id) {
        if (detections.add(id)) {
            pool.execute(() -> {
                try {
                    detection.run(id, owner);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "multivariate detection %s: the job stopped; its lease will run out and it is retried", id);
                } finally {
                    detections.remove(id);
                }
            });
        }
    }

    void onStart(@Observes StartupEvent event) {
        try {
            pickUp();
        } catch (StorageException e) {
            LOG.warnf("multivariate jobs not picked up at start (the heartbeat retries): %s", e.getMessage());
        }
    }

    @Scheduled(identity = "vigil-mv-jobs", every = "{vigil.api.multivariate.heartbeat}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        tables.renew(trainings, detections, owner);
        pickUp();
        tables.expireResults();
    }

    /** Queues every job that waits for a worker: never claimed, or interrupted (lease run out). */
    public void pickUp() {
        tables.waitingTrainings(PICK_UP).forEach(this::train);
        tables.waitingDetections(PICK_UP).forEach(this::detect);
    }

    /** The error of a job that was interrupted too often. */
    static MvWire.ErrorItem interrupted(int attempts, String what) {
        return new MvWire.ErrorItem("UnexpectedError", "The " + what + " was interrupted " + attempts
                + " times (the server running it stopped before it finished); start it again.");
    }

    /** The error of a job whose outcome the database refuses to store (a data exception, not an outage). */
    static MvWire.ErrorItem refused(StorageException e, String what) {
        return new MvWire.ErrorItem("UnexpectedError", "The database refused to store the " + what + " (SQLState "
                + FaultKind.sqlState(e) + "); retrying cannot help, the server log has the details.");
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow(); // running jobs keep their lease, which runs out: the next start or replica resumes them
    }
}
