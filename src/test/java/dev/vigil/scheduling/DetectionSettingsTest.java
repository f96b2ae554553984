package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings detection cannot work with stop the start, each named by its key; the defaults pass. */
class DetectionSettingsTest {

    /** The defaults of {@link DetectionConfig} with {@code changed} set over them. */
    private static DetectionConfig config(Map<String, Object> changed) {
        Map<String, Object> values = new HashMap<>(Map.of("cron", "0 0/15 * * * ?", "delay", Duration.ofMinutes(2),
                "shards", 8, "maxWindowsPerRun", 200_000, "parallelShards", Optional.empty(), "chunk", 2000,
                "lease", Duration.ofMinutes(10), "sensitivity", 96, "quarantineBackoff", Duration.ofMinutes(15),
                "quarantineMaxBackoff", Duration.ofHours(24)));
        values.put("shutdownGrace", Duration.ofSeconds(20));
        values.putAll(changed);
        return (DetectionConfig) Proxy.newProxyInstance(DetectionConfig.class.getClassLoader(),
                new Class<?>[] {DetectionConfig.class}, (proxy, method, args) -> values.get(method.getName()));
    }

    private static List<String> problems(Map<String, Object> changed) {
        return DetectionSettings.problems(config(changed), "0 30 2 * * ?");
    }

    @Test
    void theDefaultsAndOffPass() {
        assertEquals(List.of(), problems(Map.of()));
        assertEquals(List.of(), DetectionSettings.problems(config(Map.of("cron", "off")), "off"));
    }

    @Test
    void eachBadSettingIsNamedByItsKey() {
        assertEquals(List.of("vigil.detection.chunk must be at least 1, was 0"), problems(Map.of("chunk", 0)));
        assertEquals(List.of("vigil.detection.max-windows-per-run must be at least vigil.detection.shards (8: every "
                + "shard's share is at least one window), was 0"), problems(Map.of("maxWindowsPerRun", 0)));
        assertEquals(List.of("vigil.detection.shards must be 1 to 256, was -2"), problems(Map.of("shards", -2)));
        assertEquals(List.of("vigil.detection.lease must be at least 10 s, was PT0S"),
                problems(Map.of("lease", Duration.ZERO)));
        assertEquals(List.of("vigil.detection.parallel-shards must be at least 1 (or unset: one per core), was 0"),
                problems(Map.of("parallelShards", Optional.of(0))));
        assertEquals(List.of("vigil.detection.sensitivity must be 0 to 99, was 150"),
                problems(Map.of("sensitivity", 150)));
        assertEquals(List.of("vigil.detection.delay must not be negative, was PT-1M"),
                problems(Map.of("delay", Duration.ofMinutes(-1))));
        assertEquals(1, problems(Map.of("quarantineBackoff", Duration.ofDays(2))).size());
        assertEquals(1, problems(Map.of("shutdownGrace", Duration.ofSeconds(-1))).size());
    }

    @Test
    void aBadCronIsNamedWithTheParsersReason() {
        assertEquals(List.of("vigil.detection.cron must be a Quartz cron expression (seconds minutes hours "
                + "day-of-month month day-of-week, e.g. 0 0/15 * * * ?) or off, was '*/15 * * * *': Cron expression "
                + "contains 5 parts but we expect one of [6, 7]"), problems(Map.of("cron", "*/15 * * * *")));
        List<String> training = DetectionSettings.problems(config(Map.of()), "0 61 2 * * ?");
        assertEquals(1, training.size());
        assertEquals(true, training.get(0).startsWith("vigil.groups.training-cron must be a Quartz cron"),
                training.get(0));
    }
}
