package dev.vigil.bench.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The driver's own arithmetic: what it sends is what it counts, and its verdict fails on any loss or double. */
class FaultDriverPartsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Settings settings = Settings.parse(new String[] {"--series", "3", "--windows", "960", "--per-window", "2"});
    private final Workload w = new Workload("m", settings, Instant.parse("2026-11-30T12:02:00Z"));

    @Test
    void batchesCarryEveryReadingOnceAndTheSumIsExact() throws Exception {
        List<Workload.Batch> batches = Workload.batches(w.units(), 100);
        long n = 0;
        double sum = 0;
        Set<String> seen = new HashSet<>();
        for (Workload.Batch b : batches) {
            JsonNode array = JSON.readTree(b.json());
            assertEquals(b.readings(), array.size());
            assertTrue(b.readings() <= 100);
            for (JsonNode r : array) {
                assertTrue(seen.add(r.get("dimensions").get("meter").asText() + r.get("timestamp").asText()));
                sum += r.get("value").asDouble();
                n++;
            }
        }
        assertEquals(w.readings(), n);
        assertEquals(3L * 960 * 2, n);
        assertEquals(w.sum(), sum);   // quarters: exact in any order
    }

    @Test
    void windowsEndBeforeTheGivenInstantAlignedAndSpikesComeOnlyAfterTheWarmUp() throws Exception {
        List<Workload.Unit> units = w.units();
        Workload.Unit last = units.get(units.size() - 1);
        JsonNode lastReading = JSON.readTree(last.json()).get(1);
        assertEquals("2026-11-30T11:57:30Z", lastReading.get("timestamp").asText());
        int spikes = 0;
        for (Workload.Unit u : units) {
            double value = JSON.readTree(u.json()).get(0).get("value").asDouble();
            if (value > 130) {
                spikes++;
                assertTrue(u.window() >= Settings.WARM_UP, "spike in the warm-up at window " + u.window());
            }
        }
        assertTrue(spikes >= 3, "each series spikes after the warm-up");
    }

    @Test
    void theVerdictFailsOnALostReadingAWindowScoredTwiceOrAnAlertNotReceived() {
        Audit.Totals good = new Audit.Totals(w.readings(), w.sum(), w.windows(), 0, w.windows(), 0, 2, 2, 0,
                Set.of("a", "b"));
        assertTrue(outcome(good, 2, Set.of()).ok());
        assertFalse(outcome(new Audit.Totals(w.readings() - 1, w.sum() - 100, w.windows(), 0, w.windows(), 0, 2, 2,
                0, Set.of("a", "b")), 2, Set.of()).ok(), "a reading lost");
        assertFalse(outcome(new Audit.Totals(w.readings() + 1, w.sum() + 100, w.windows(), 0, w.windows(), 0, 2, 2,
                0, Set.of("a", "b")), 2, Set.of()).ok(), "a reading doubled");
        assertFalse(outcome(new Audit.Totals(w.readings(), w.sum(), w.windows(), 0, w.windows() - 1, 1, 2, 2, 0,
                Set.of("a", "b")), 2, Set.of()).ok(), "a window scored twice");
        assertFalse(outcome(new Audit.Totals(w.readings(), w.sum(), w.windows(), 1, w.windows() - 1, 0, 2, 2, 0,
                Set.of("a", "b")), 2, Set.of()).ok(), "a window left unscored");
        assertFalse(outcome(good, 1, Set.of("b")).ok(), "an alert never received");
        assertFalse(outcome(new Audit.Totals(w.readings(), w.sum(), w.windows(), 0, w.windows(), 0, 3, 2, 0,
                Set.of("a", "b")), 2, Set.of()).ok(), "an anomaly without its outbox row");
    }

    private Outcome outcome(Audit.Totals db, int received, Set<String> missing) {
        return new Outcome(1, "x", w.readings(), w.sum(), w.windows(), db, received, 0, missing, "", false);
    }
}
