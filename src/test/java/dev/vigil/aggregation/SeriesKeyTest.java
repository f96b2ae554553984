package dev.vigil.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {

    @Test
    void dimensionOrderDoesNotChangeTheKeyOrId() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("region", "eu");
        a.put("meter", "m1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("meter", "m1");
        b.put("region", "eu");
        assertEquals("power{meter=m1,region=eu}", SeriesKey.of("power", a).canonical());
        assertEquals(SeriesKey.of("power", a).id(), SeriesKey.of("power", b).id());
    }

    @Test
    void idIsStableAcrossReleases() {
        // pinned: replicas, stored rows and Kafka keys depend on this value never changing
        assertEquals(3435663026418003651L, SeriesKey.of("cpu", Map.of("host", "a")).id());
    }

    @Test
    void separatorsAreEscapedSoDifferentSeriesNeverCollideByText() {
        SeriesKey tricky = SeriesKey.of("m", Map.of("a", "1,b=2"));
        SeriesKey plain = SeriesKey.of("m", Map.of("a", "1", "b", "2"));
        assertEquals("m{a=1\\,b\\=2}", tricky.canonical());
        assertNotEquals(tricky.canonical(), plain.canonical());
        assertNotEquals(tricky.id(), plain.id());
    }

    @Test
    void emptyMetricIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SeriesKey.of("", Map.of()));
        assertEquals("m{}", SeriesKey.of("m", null).canonical());
    }
}
