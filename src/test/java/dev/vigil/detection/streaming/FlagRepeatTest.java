package dev.vigil.detection.streaming;

import static dev.vigil.detection.streaming.PipelineKinds.kind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.testing.NabFile;

/**
 * Version 6's {@code flagRepeatMargin} on NAB's {@code machine_temperature_system_failure}, where v5 flags one event
 * again within minutes (2013-12-24 20:45 and 20:55: 3.21, then 3.64): the raw scores do not change, fewer values are
 * flagged, every flag is one v5 raised too, and the last flag's bar survives a snapshot.
 */
class FlagRepeatTest {

    private static final String FILE = "realKnownCause/machine_temperature_system_failure.csv";

    /** The verdicts from row {@code from} on (times made strictly increasing, as NAB's harness does). */
    private static List<Verdict> verdicts(StreamingDetector d, List<NabFile.Row> rows, int from, int to) {
        List<Verdict> out = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (int i = 0; i < to; i++) {
            long t = Math.max(rows.get(i).time().getEpochSecond(), last + 1);
            last = t;
            if (i >= from) {
                out.add(d.observe(t, rows.get(i).value()));
            }
        }
        return out;
    }

    @Test
    void theDefaultFlagsAnEventOnceUnlessItGrowsClearly() {
        assertEquals(1.0, LikelihoodTuning.defaults().flagRepeatMargin(), "v6's default");
        List<NabFile.Row> rows = NabFile.read(FILE);
        List<Verdict> v5 = verdicts(kind("flagRepeatMargin=0").create(300), rows, 0, rows.size());
        List<Verdict> v6 = verdicts(kind("").create(300), rows, 0, rows.size());
        int flags5 = 0;
        int flags6 = 0;
        int sinceFlag = Integer.MAX_VALUE;
        double lastFlag = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(v5.get(i).score(), v6.get(i).score(), "row " + i + ": the raw score is not changed");
            flags5 += v5.get(i).anomaly() ? 1 : 0;
            flags6 += v6.get(i).anomaly() ? 1 : 0;
            assertTrue(!v6.get(i).anomaly() || v5.get(i).anomaly(), "row " + i + ": the rule only withholds flags");
            sinceFlag = sinceFlag == Integer.MAX_VALUE ? sinceFlag : sinceFlag + 1;
            if (v6.get(i).anomaly()) {
                assertTrue(sinceFlag > LikelihoodDetector.LEVEL_WINDOW || v6.get(i).score() >= lastFlag + 1.0,
                        "row " + i + ": a flag within 24 values of another beats it by a decade");
                lastFlag = v6.get(i).score();
                sinceFlag = 0;
            }
        }
        assertTrue(flags6 < flags5, flags6 + " flags with the rule, " + flags5 + " without");
    }

    @Test
    void theLastFlagSurvivesASnapshot() {
        List<NabFile.Row> rows = NabFile.read(FILE);
        List<Verdict> v5 = verdicts(kind("flagRepeatMargin=0").create(300), rows, 0, rows.size());
        List<Verdict> v6 = verdicts(kind("").create(300), rows, 0, rows.size());
        // cut right after the first flag whose repeat the rule withholds: a restored detector without the bar flags it
        int cut = -1;
        for (int i = 0; i < rows.size() && cut < 0; i++) {
            if (v5.get(i).anomaly() && !v6.get(i).anomaly()) {
                for (int j = i - 1; j >= 0 && cut < 0; j--) {
                    if (v6.get(j).anomaly()) {
                        cut = j + 1;
                    }
                }
            }
        }
        assertTrue(cut > 0, "the file has a withheld repeat");
        StreamingDetector first = kind("").create(300);
        verdicts(first, rows, 0, cut);
        List<Verdict> rest = verdicts(kind("").restore(first.snapshot()), rows, cut, rows.size());
        boolean[] expected = new boolean[rest.size()];
        boolean[] restored = new boolean[rest.size()];
        for (int i = 0; i < rest.size(); i++) {
            expected[i] = v6.get(cut + i).anomaly();
            restored[i] = rest.get(i).anomaly();
        }
        assertArrayEquals(expected, restored);
    }
}
