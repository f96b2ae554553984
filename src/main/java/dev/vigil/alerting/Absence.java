package dev.vigil.alerting;

import dev.vigil.storage.UptimeStore.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A spell in which no Vigil process was up, {@code [from, to)}: nothing was received then, so data of it may still be
 * on its way (a Kafka backlog, meters that buffer) and a series that sent nothing since is not yet known to be silent.
 */
public record Absence(Instant from, Instant to) {

    /**
     * The latest gap in the union of the processes' spans that began before {@code before} and lasted longer than
     * {@code longerThan}; empty when none did. Time before the first recorded span is no gap (Vigil was not
     * installed, or its record was pruned).
     */
    public static Optional<Absence> last(List<Span> spans, Instant before, Duration longerThan) {
        List<Span> byStart = spans.stream().sorted(Comparator.comparing(Span::startedAt)).toList();
        Absence latest = null;
        Instant reach = null;
        for (Span s : byStart) {
            if (reach != null && s.startedAt().isAfter(reach) && reach.isBefore(before)
                    && Duration.between(reach, s.startedAt()).compareTo(longerThan) > 0) {
                latest = new Absence(reach, s.startedAt());
            }
            reach = reach == null || s.seenAt().isAfter(reach) ? s.seenAt() : reach;
        }
        return Optional.ofNullable(latest);
    }
}
