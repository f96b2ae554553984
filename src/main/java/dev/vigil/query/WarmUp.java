package dev.vigil.query;

import dev.vigil.storage.WindowView;
import java.time.Instant;
import java.util.List;

/**
 * The detector's warm-up within a chart's range, read from every window of it: a thinned chart may leave out the
 * window at which it ended.
 *
 * @param windows scored windows of the range the detector was still learning on
 * @param ongoing the range's last scored window was one of them
 * @param endedAt the first window judged after a warm-up window of the range, or null (still learning, or none)
 */
public record WarmUp(int windows, boolean ongoing, Instant endedAt) {

    /** The warm-up of {@code windows} (in time order), or null when none of them was scored while learning. */
    static WarmUp of(List<WindowView> windows) {
        int learning = 0;
        Instant ended = null;
        WindowView previous = null;
        for (WindowView w : windows) {
            if (w.detector() == null) {
                continue; // not scored yet
            }
            if (w.warmingUp()) {
                learning++;
            } else if (previous != null && previous.warmingUp() && ended == null) {
                ended = w.start();
            }
            previous = w;
        }
        return learning == 0 ? null : new WarmUp(learning, previous.warmingUp(), ended);
    }
}
