package dev.vigil.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.storage.FeedbackStore.Entity;
import dev.vigil.storage.FeedbackStore.GroupDismissal;
import dev.vigil.storage.GroupResultStore.GroupResult;
import dev.vigil.storage.GroupResultStore.VariableContribution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a notAnomaly on a group entity learns, and which later anomalies it covers (pure Java). */
class GroupPatternsTest {

    static final Entity METER = new Entity("meters", 17, "meters{meter=m1}", Duration.ofMinutes(5));
    static final Duration FIVE = Duration.ofMinutes(5);

    private static GroupResult result(String at, boolean anomaly, double score, String... top) {
        List<VariableContribution> c = java.util.stream.IntStream.range(0, top.length)
                .mapToObj(i -> new VariableContribution(top[i], 1.0 / (i + 2), 1.0, 0.0, List.of())).toList();
        return new GroupResult("meters", "17", Instant.parse(at), "1", anomaly, score, 0.5, 1, c, Instant.parse(at));
    }

    @Test
    void thePatternIsTheAnomaliesTopTwoContributorsLargestScoreAndTimeOfDay() {
        GroupDismissal d = Patterns.groupDismissal(METER, List.of(
                result("2026-10-04T01:55:00Z", false, 9.0, "voltage", "current"),
                result("2026-10-04T02:00:00Z", true, 4.0, "temperature", "power", "current"),
                result("2026-10-04T02:25:00Z", true, 5.0, "power", "temperature", "voltage")), FIVE);
        assertEquals(List.of("power", "temperature"), d.contributors(), "the anomalies' top two only");
        assertEquals(5.0, d.maxScore(), "the anomalous windows' largest score");
        assertEquals(120, d.fromMinute());
        assertEquals(149, d.toMinute());
        assertNull(Patterns.groupDismissal(METER, List.of(), FIVE));
    }

    @Test
    void itCoversTheSameLeadNotClearlyStrongerAtItsTimeOfDayOnly() {
        GroupDismissal d = new GroupDismissal("meters", 17, List.of("power", "temperature"), 5.0, 120, 149);
        Duration hour = Duration.ofHours(1);
        Instant night = Instant.parse("2026-10-09T02:10:00Z");
        assertTrue(d.covers(night, "temperature", 7.5, 1.5, hour));
        assertTrue(d.covers(Instant.parse("2026-10-09T03:25:00Z"), "power", 5, 1.5, hour), "within the margin");
        assertFalse(d.covers(night, "power", 7.6, 1.5, hour), "clearly stronger");
        assertFalse(d.covers(night, "voltage", 1, 1.5, hour), "led by another variable");
        assertFalse(d.covers(Instant.parse("2026-10-09T14:00:00Z"), "power", 5, 1.5, hour), "another time of day");
        assertFalse(d.covers(night, null, 1, 1.5, hour), "no contributors");
    }
}
