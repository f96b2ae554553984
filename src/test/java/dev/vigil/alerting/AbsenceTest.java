package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.storage.UptimeStore.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The last spell in which no process was up, from the processes' spans. */
class AbsenceTest {

    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private static Instant at(int minutes) {
        return T.plus(Duration.ofMinutes(minutes));
    }

    private static Span span(int from, int to) {
        return new Span(at(from), at(to));
    }

    @Test
    void theLatestGapLongerThanTheMinimumThatBeganBeforeTheInstant() {
        List<Span> spans = List.of(span(300, 400), span(0, 100), span(200, 250));
        assertEquals(Optional.of(new Absence(at(250), at(300))), Absence.last(spans, at(500), HALF_HOUR));
        // a gap that began after the instant judged (a backfill as of the past) does not count
        assertEquals(Optional.of(new Absence(at(100), at(200))), Absence.last(spans, at(240), HALF_HOUR));
        assertEquals(Optional.empty(), Absence.last(spans, at(90), HALF_HOUR));
    }

    @Test
    void overlappingReplicasAndShortRestartsAreNoAbsence() {
        // a rolling restart: the new replica is up before the old one's last pass
        assertEquals(Optional.empty(), Absence.last(List.of(span(0, 100), span(90, 200), span(95, 120)), at(300),
                HALF_HOUR));
        // a replica contained in another's span does not end the cover early
        assertEquals(Optional.empty(), Absence.last(List.of(span(0, 200), span(10, 20), span(150, 300)), at(400),
                HALF_HOUR));
        // down for exactly the minimum: not longer than it
        assertEquals(Optional.empty(), Absence.last(List.of(span(0, 100), span(130, 200)), at(300), HALF_HOUR));
        assertEquals(Optional.of(new Absence(at(100), at(131))),
                Absence.last(List.of(span(0, 100), span(131, 200)), at(300), HALF_HOUR));
    }

    @Test
    void beforeTheFirstRecordedStartThereIsNoGap() {
        assertEquals(Optional.empty(), Absence.last(List.of(span(500, 600)), at(700), HALF_HOUR));
        assertEquals(Optional.empty(), Absence.last(List.of(), at(700), HALF_HOUR));
    }
}
