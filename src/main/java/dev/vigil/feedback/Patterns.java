package dev.vigil.feedback;

import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FeedbackStore.Marked;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What a notAnomaly mark teaches: the sign and largest size of the marked windows' deviations from their expected
 * values, and the time of day they cover. The anomalous windows of the range define it when there are any (else
 * every scored window of the range). Plain logic.
 */
final class Patterns {

    private Patterns() {
    }

    /** The pattern, or null when no window of the range has a verdict to learn from. */
    static Dismissal dismissal(long seriesId, List<Marked> marked, Duration window) {
        List<Marked> judged = marked.stream().filter(m -> !Double.isNaN(m.expected())).toList();
        List<Marked> used = judged.stream().anyMatch(Marked::anomaly)
                ? judged.stream().filter(Marked::anomaly).toList() : judged;
        if (used.isEmpty()) {
            return null;
        }
        boolean up = used.stream().allMatch(m -> m.value() > m.expected());
        boolean down = used.stream().allMatch(m -> m.value() < m.expected());
        double max = used.stream().mapToDouble(m -> Math.abs(m.value() - m.expected())).max().orElse(0);
        boolean[] minutes = new boolean[1440];
        int span = (int) Math.max(1, window.toMinutes());
        for (Marked m : used) {
            int start = m.start().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
            for (int k = 0; k < span; k++) {
                minutes[(start + k) % 1440] = true;
            }
        }
        int[] range = coveringArc(minutes);
        return new Dismissal(seriesId, up ? 1 : down ? -1 : 0, max, range[0], range[1]);
    }

    /** The shortest arc of the day holding every marked minute: {from, to}, from > to when it wraps midnight. */
    static int[] coveringArc(boolean[] minutes) {
        int bestGapStart = -1;
        int bestGap = -1;
        for (int i = 0; i < 1440; i++) {
            if (minutes[i] || !minutes[(i + 1439) % 1440]) {
                continue;
            }
            int len = 0;
            while (len < 1440 && !minutes[(i + len) % 1440]) {
                len++;
            }
            if (len > bestGap) {
                bestGap = len;
                bestGapStart = i;
            }
        }
        if (bestGap <= 0) {
            return new int[] {0, 1439};
        }
        return new int[] {(bestGapStart + bestGap) % 1440, (bestGapStart + 1439) % 1440};
    }
}
