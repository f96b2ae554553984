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

    /** Stored windows a fresh detector learns first: a week of 5-minute windows, at most a few ms per series. */
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

    /** A detector for the series that has learned its stored windows before {@code firstNew}. */
    public StreamingDetector start(long seriesId, Instant firstNew, Duration size) {
        StreamingDetector d = kind.create(size.toSeconds());
        for (WindowValue w : history.before(seriesId, firstNew, REBUILD_WINDOWS)) {
            d.observe(w.start().getEpochSecond(), w.value());
        }
        return d;
    }
}
