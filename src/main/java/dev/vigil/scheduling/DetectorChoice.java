package dev.vigil.scheduling;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.storage.WindowHistory;
import dev.vigil.storage.WindowHistory.WindowValue;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming detector the pipeline uses for every series: one configuration for all, the defaults with the
 * configured sensitivity. An out-of-range sensitivity fails start-up rather than the first run.
 *
 * <p>A series without a usable state (new, or its state was written by another detector or version) starts from
 * its stored windows: the detector learns up to {@link #REBUILD_WINDOWS} of them before judging new ones, so an
 * upgrade of the detector does not leave the series warming up (unjudged) for a day.
 */
@Startup
@ApplicationScoped
public class DetectorChoice {

    /**
     * Stored windows a fresh detector learns first: a week of 5-minute windows (about 7 ms per series with
     * vigil-likelihood v12's rebuild, {@code StreamingDetector.learn}; BENCHMARKS.md, "Detection at fleet scale").
     */
    static final int REBUILD_WINDOWS = 2016;

    private final DetectorKind kind;
    private final WindowHistory history;

    public DetectorChoice(DetectionConfig config, WindowHistory history) {
        this.kind = Detectors.of(DetectorSettings.defaults().withSensitivity(config.sensitivity()));
        this.history = history;
    }

    public DetectorKind kind() {
        return kind;
    }

    /**
     * For each series, a detector that has learned its stored windows before the series' first new window; one
     * query for all of them.
     */
    public Map<Long, StreamingDetector> start(Map<Long, Instant> firstNew, Duration size) {
        Map<Long, StreamingDetector> out = new HashMap<>();
        Map<Long, List<WindowValue>> stored = history.before(firstNew, REBUILD_WINDOWS);
        for (Long id : firstNew.keySet()) {
            StreamingDetector d = kind.create(size.toSeconds());
            List<WindowValue> history = stored.getOrDefault(id, List.of());
            d.learn(history.stream().mapToLong(w -> w.start().getEpochSecond()).toArray(),
                    history.stream().mapToDouble(WindowValue::value).toArray());
            out.put(id, d);
        }
        return out;
    }
}
