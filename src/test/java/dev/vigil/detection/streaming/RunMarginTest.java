package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.testing.NabFile;

/**
 * The {@code runMargin} tuning (off by default) on NAB's {@code cpu_utilization_asg_misconfiguration}, whose level
 * drifts for hours at a time (2014-06-10 20:49 to 21:14 v4 reports five new highs of the level feature, 2.56 to
 * 4.08): at the pipeline's sensitivity a run of the level feature flags fewer new highs with a margin, the file's largest report stays, and the
 * run's state survives a snapshot.
 */
class RunMarginTest {

    private static final String FILE = "realKnownCause/cpu_utilization_asg_misconfiguration.csv";

    private static LikelihoodDetectorKind kind(double runMargin) {
        LikelihoodTuning t = dev.vigil.evaluation.TuningSweep.parse("runMargin=" + runMargin
                + ",runFeatures=1,flagRepeatMargin=0"); // v6's repeat rule for flags would hide the difference
        return new LikelihoodDetectorKind(
                DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY), t);
    }

    /** The file's scores from row {@code from} on, fed into {@code d} (times made strictly increasing, as NAB's harness does). */
    private static double[] scores(StreamingDetector d, List<NabFile.Row> rows, int from, String[] reasons) {
        double[] s = new double[rows.size() - from];
        long last = Long.MIN_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            long t = Math.max(rows.get(i).time().getEpochSecond(), last + 1);
            last = t;
            if (i >= from) {
                Verdict v = d.observe(t, rows.get(i).value());
                s[i - from] = v.score();
                reasons[i - from] = v.reason();
            }
        }
        return s;
    }

    @Test
    void aDriftingLevelReportsFewerNewHighs() {
        List<NabFile.Row> rows = NabFile.read(FILE);
        String[] ra = new String[rows.size()];
        String[] rb = new String[rows.size()];
        double[] a = scores(kind(0).create(300), rows, 0, ra);
        double[] b = scores(kind(0.25).create(300), rows, 0, rb);
        int levelA = 0;
        int levelB = 0;
        double topA = 0;
        double topB = 0;
        for (int i = 0; i < a.length; i++) {
            levelA += a[i] > 0 && Verdict.LEVEL.equals(ra[i]) ? 1 : 0;
            levelB += b[i] > 0 && Verdict.LEVEL.equals(rb[i]) ? 1 : 0;
            topA = Math.max(topA, a[i]);
            topB = Math.max(topB, b[i]);
            assertTrue(b[i] == a[i] || b[i] == 0, "row " + i + ": the margin only withholds reports");
        }
        assertTrue(levelB < levelA, levelB + " level flags with the margin, " + levelA + " without");
        assertTrue(levelB > 0, "runs of the level feature are still flagged");
        assertEquals(topA, topB);
    }

    @Test
    void theRunSurvivesASnapshot() {
        List<NabFile.Row> rows = NabFile.read(FILE);
        LikelihoodDetectorKind k = kind(0.25);
        int cut = rows.size() / 2;
        StreamingDetector first = k.create(300);
        scores(first, rows.subList(0, cut), 0, new String[cut]);
        String[] r = new String[rows.size()];
        double[] whole = scores(k.create(300), rows, 0, r);
        double[] rest = scores(k.restore(first.snapshot()), rows, cut, r);
        double[] tail = new double[rest.length];
        System.arraycopy(whole, cut, tail, 0, tail.length);
        assertArrayEquals(tail, rest);
    }
}
