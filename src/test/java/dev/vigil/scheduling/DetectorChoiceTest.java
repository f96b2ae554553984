package dev.vigil.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.fixtures.SyntheticSeries;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pipeline's detector follows {@code vigil.detection.sensitivity}. */
class DetectorChoiceTest {

    static DetectionConfig sensitivity(int value) {
        return new DetectionConfig() {
            public String cron() { return "off"; }
            public Duration delay() { return Duration.ofMinutes(2); }
            public int shards() { return 8; }
            public int maxWindowsPerRun() { return 200_000; }
            public int chunk() { return 2000; }
            public Duration lease() { return Duration.ofMinutes(10); }
            public int sensitivity() { return value; }
            public Duration quarantineBackoff() { return Duration.ofMinutes(15); }
            public Duration quarantineMaxBackoff() { return Duration.ofHours(24); }
            public Duration shutdownGrace() { return Duration.ofSeconds(20); }
            public String gaugesEvery() { return "off"; }
            public Duration coarseStep() { return Duration.ofHours(12); }
            public java.util.Optional<Integer> parallelShards() { return java.util.Optional.empty(); }
        };
    }

    @Test
    void theConfiguredSensitivityReachesTheDetector() {
        DetectorKind kind = new DetectorChoice(sensitivity(93), null).kind();
        assertEquals(93, ((LikelihoodDetectorKind) kind).settings().sensitivity());
        assertEquals(LikelihoodDetectorKind.NAME, kind.name());
    }

    @Test
    @Tag("statistical")
    void aHigherSensitivityFlagsMoreOfTheSameSeries() {
        SyntheticSeries series = SyntheticSeries.daily(SyntheticSeries.Change.VARIANCE_CHANGE, 14, 7L);
        int high = flags(new DetectorChoice(sensitivity(97), null).kind(), series);
        int low = flags(new DetectorChoice(sensitivity(60), null).kind(), series);
        assertTrue(high > low, "flags at 97: " + high + ", at 60: " + low);
    }

    @Test
    void theConfiguredDefaultIsTheSensitivityTheEvaluationScores() throws NoSuchMethodException {
        // NabEvaluation scores the flags at DetectorSettings.PIPELINE_SENSITIVITY: it must be what the pipeline runs
        String configured = DetectionConfig.class.getMethod("sensitivity").getAnnotation(WithDefault.class).value();
        assertEquals(String.valueOf(DetectorSettings.PIPELINE_SENSITIVITY), configured);
    }

    @Test
    void anOutOfRangeSensitivityIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectorChoice(sensitivity(100), null));
        assertTrue(e.getMessage().contains("sensitivity"), e.getMessage());
    }

    private static int flags(DetectorKind kind, SyntheticSeries series) {
        StreamingDetector d = kind.create(SyntheticSeries.STEP);
        int n = 0;
        for (int i = 0; i < series.length(); i++) {
            n += d.observe(series.times[i], series.values[i]).anomaly() ? 1 : 0;
        }
        return n;
    }
}
