package dev.vigil.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.storage.WindowView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up a chart reports, read from every window of its range (a thinned chart may drop the one it ended at). */
class WarmUpTest {

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** Windows of 5 minutes: 'w' scored while warming up, 'j' judged, '-' not scored yet. */
    static List<WindowView> windows(String kinds) {
        List<WindowView> list = new ArrayList<>();
        for (int i = 0; i < kinds.length(); i++) {
            char k = kinds.charAt(i);
            list.add(new WindowView(T0.plus(Duration.ofMinutes(5L * i)), 1, 1, 1, 1, 1, 1.0, null, null, null, false, 0,
                    null, k == 'w', k == '-' ? null : "vigil-test", k == '-' ? null : 1, null));
        }
        return list;
    }

    @Test
    void theWarmUpEndsAtTheFirstJudgedWindowAfterIt() {
        // 2,000 windows thinned to a few hundred points would keep the extremes, not necessarily window 1,234
        WarmUp w = WarmUp.of(windows("w".repeat(1234) + "j".repeat(766)));
        assertEquals(new WarmUp(1234, false, T0.plus(Duration.ofMinutes(5L * 1234))), w);
    }

    @Test
    void aDetectorStillLearningIsOngoingAndUnscoredWindowsDoNotCount() {
        assertEquals(new WarmUp(3, true, null), WarmUp.of(windows("www--")));
        assertEquals(new WarmUp(2, true, null), WarmUp.of(windows("--ww-")));
        assertEquals(new WarmUp(2, false, T0.plus(Duration.ofMinutes(20))), WarmUp.of(windows("--wwj")));
        assertNull(WarmUp.of(windows("jjj-")));
        assertNull(WarmUp.of(List.of()));
    }
}
