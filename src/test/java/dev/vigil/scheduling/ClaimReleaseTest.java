package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.ClaimStore;
import dev.vigil.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that shuts down hands its unfinished claims back at once, so another replica takes them at its next run
 * instead of after the lease; a shard that failed is released the same way, with its reason recorded.
 */
@QuarkusTest
class ClaimReleaseTest {

    private static final Instant CUTOFF = Instant.parse("2026-10-01T00:00:00Z");

    @Inject
    Db db;
    @Inject
    ClaimStore claims;

    @BeforeEach
    void clean() {
        db.reset();
    }

    @Test
    void releasedClaimsAreTakenOverWithoutWaitingForTheLease() {
        Duration lease = Duration.ofMinutes(10);
        assertEquals(4, claims.claimNext(CUTOFF, 4, 4, "leaving", lease).size());
        assertEquals(0, claims.takeOverExpired("staying", lease, 8, List.of()).size(), "leases still run");
        claims.complete(new ClaimStore.Claim(CUTOFF, 0, "leaving"));

        assertEquals(3, claims.release("leaving"));
        var taken = claims.takeOverExpired("staying", lease, 8, List.of());
        assertEquals(3, taken.size());
        assertTrue(taken.stream().noneMatch(c -> c.shard() == 0), "a completed claim is not handed over");
        assertEquals(0, claims.release("leaving"), "nothing left to hand back");
    }

    @Test
    void aFailedShardRecordsWhyAndIsTakenOverAtTheNextRun() {
        Duration lease = Duration.ofMinutes(10);
        claims.claimNext(CUTOFF, 1, 1, "first", lease);
        claims.count(CUTOFF, 0, 7, 1, 0);
        claims.fail(new ClaimStore.Claim(CUTOFF, 0, "first"), "database away");
        assertEquals("database away", db.rows("select failure from detection_claim").get(0).get("failure"));
        assertEquals(1, claims.takeOverExpired("second", lease, 8, List.of()).size());
        // the first holder, late, cannot complete what the new holder holds; what it scored late still counts
        claims.count(CUTOFF, 0, 2, 0, 0);
        claims.complete(new ClaimStore.Claim(CUTOFF, 0, "first"));
        assertEquals(1, db.count("select count(*) from detection_claim where completed_at is null"));
        claims.count(CUTOFF, 0, 3, 0, 0);
        claims.complete(new ClaimStore.Claim(CUTOFF, 0, "second"));
        assertEquals(12, db.count("select windows_scored from detection_claim"));
    }
}
