package dev.vigil.feedback;

import dev.vigil.storage.FeedbackStore.Dismissal;
import dev.vigil.storage.FeedbackStore.Entity;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.FeedbackStore.Marked;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;

/**
 * What a notAnomaly mark teaches: the sign and largest size of the marked windows' deviations from their expected
 * values, and the time of day they cover; for a group entity, the marked windows' top contributors and largest score
 * instead of the deviation. The anomalous windows of the range define it when there are any (else every scored window
 * of the range). Plain logic.
 */
final class Patterns {

    /** Contributors of each marked group window that a later anomaly's top contributor may be one of. */
    static final int TOP = 2;

    private Patterns() {
    }

    /**
     * The life of a coarse series' pattern, in the series' steps after the marked range: a daily flag dismissed
     * covers the same weekday's flag next week (the engine's year of history still holds the dismissed day), not
     * every later flag of its size for ever.
     */
    static final int COARSE_LIFE_STEPS = 8;

    /** The pattern, or null when no window of the range has a verdict to learn from. */
    static Dismissal dismissal(long seriesId, List<Marked> marked, Duration window) {
        List<Marked> used = used(marked);
        if (used.isEmpty()) {
            return null;
        }
        boolean up = used.stream().allMatch(m -> m.value() > m.expected());
        boolean down = used.stream().allMatch(m -> m.value() < m.expected());
        double max = used.stream().mapToDouble(m -> Math.abs(m.value() - m.expected())).max().orElse(0);
        int[] range = coveringArc(minutes(used.stream().map(Marked::start).toList(), window));
        return new Dismissal(seriesId, up ? 1 : down ? -1 : 0, max, range[0], range[1]);
    }

    /**
     * The pattern of a coarse series (step {@code step}, marked range ending at {@code to}), or null: a daily
     * reading lies at the same time every day, so the marked windows' days of the week (UTC) take the place of the
     * time of day, and the pattern ends {@link #COARSE_LIFE_STEPS} steps after the range.
     */
    static Dismissal coarseDismissal(long seriesId, List<Marked> marked, Duration window, Instant to, Duration step) {
        Dismissal d = dismissal(seriesId, marked, window);
        if (d == null) {
            return null;
        }
        int weekdays = 0;
        for (Marked m : used(marked)) {
            weekdays |= 1 << m.start().atOffset(ZoneOffset.UTC).getDayOfWeek().getValue();
        }
        return new Dismissal(seriesId, d.sign(), d.maxDeviation(), d.fromMinute(), d.toMinute(), weekdays,
                to.plus(step.multipliedBy(COARSE_LIFE_STEPS)));
    }

    /** The anomalous judged windows of the range, else every judged one. */
    private static List<Marked> used(List<Marked> marked) {
        List<Marked> judged = marked.stream().filter(m -> !Double.isNaN(m.expected())).toList();
        return judged.stream().anyMatch(Marked::anomaly) ? judged.stream().filter(Marked::anomaly).toList() : judged;
    }

    /**
     * The entity's pattern, or null when the range has no result. The top two contributors of each window count:
     * the order of two variables that move together may swap from one window to the next.
     */
    static GroupDismissal groupDismissal(Entity e, List<GroupResult> results, Duration window) {
        List<GroupResult> used = results.stream().anyMatch(GroupResult::anomaly)
                ? results.stream().filter(GroupResult::anomaly).toList() : results;
        if (used.isEmpty()) {
            return null;
        }
        TreeSet<String> top = new TreeSet<>();
        for (GroupResult r : used) {
            r.interpretation().stream().limit(TOP).map(VariableContribution::variable).forEach(top::add);
        }
        double max = used.stream().mapToDouble(GroupResult::score).max().orElse(0);
        int[] range = coveringArc(minutes(used.stream().map(GroupResult::windowStart).toList(), window));
        return new GroupDismissal(e.group(), e.entityId(), List.copyOf(top), max, range[0], range[1]);
    }

    private static boolean[] minutes(List<Instant> starts, Duration window) {
        boolean[] minutes = new boolean[1440];
        int span = (int) Math.max(1, window.toMinutes());
        for (Instant t : starts) {
            int start = t.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
            for (int k = 0; k < span; k++) {
                minutes[(start + k) % 1440] = true;
            }
        }
        return minutes;
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
