package dev.vigil.scheduling;

import java.time.Duration;
import java.time.Instant;

/**
 * One table whose old rows {@link RetentionRun} deletes in batches: how long its rows are kept and the batched
 * delete. A value per table, so that the run needs no collaborator per store ({@link PrunedTables} makes them).
 *
 * @param kept   how far back from a pass's time rows are kept
 * @param delete deletes up to {@code batch} rows older than {@code horizon}; returns how many it deleted
 */
record Pruning(Duration kept, BatchDelete delete) {

    /** A store's batched delete, as every pruning store declares it. */
    @FunctionalInterface
    interface BatchDelete {
        int before(Instant horizon, int batch);
    }
}
