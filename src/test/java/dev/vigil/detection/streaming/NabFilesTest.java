package dev.vigil.detection.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.testing.NabFile;
import dev.vigil.testing.NabFile.Row;

/**
 * The standard detector at the pipeline's default sensitivity (96) on NAB development files: no flag on the
 * anomaly-free files after NAB's probation (15 % of the rows; since version 7, whose long-run mean predictor keeps
 * {@code art_noisy}'s uniform noise silent), and the labelled window of each artificial anomaly flagged.
 */
@Tag("statistical")
class NabFilesTest {

    private static final DetectorKind PIPELINE = Detectors.of(DetectorSettings.defaults().withSensitivity(96));

    private static boolean[] flags(List<Row> rows) {
        StreamingDetector d = PIPELINE.create(300);
        boolean[] out = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[i] = d.observe(rows.get(i).time().getEpochSecond(), rows.get(i).value()).anomaly();
        }
        return out;
    }

    @Test
    void anomalyFreeFilesRaiseNoAlarmAfterProbation() {
        for (String name : new String[] {"art_daily_no_noise", "art_daily_perfect_square_wave", "art_daily_small_noise",
                "art_flatline", "art_noisy"}) {
            List<Row> rows = NabFile.read("artificialNoAnomaly/" + name + ".csv");
            boolean[] f = flags(rows);
            int probation = Math.min(750, (int) (0.15 * rows.size()));
            int inFile = 0;
            for (int i = probation; i < f.length; i++) {
                inFile += f[i] ? 1 : 0;
            }
            assertEquals(0, inFile, name + ": an anomaly-free file must stay silent after probation");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"art_daily_jumpsup:2014-04-10T16:15:00Z:2014-04-12T01:45:00Z",
            "art_daily_jumpsdown:2014-04-10T16:15:00Z:2014-04-12T01:45:00Z",
            "art_daily_flatmiddle:2014-04-10T07:15:00Z:2014-04-11T16:45:00Z"})
    void anArtificialAnomalyIsFlaggedInsideItsWindow(String fileAndWindow) {
        String[] p = fileAndWindow.split(":", 2);
        Instant start = Instant.parse(p[1].substring(0, 20));
        Instant end = Instant.parse(p[1].substring(21));
        List<Row> rows = NabFile.read("artificialWithAnomaly/" + p[0] + ".csv");
        boolean[] f = flags(rows);
        int probation = Math.min(750, (int) (0.15 * rows.size()));
        boolean hit = false;
        for (int i = probation; i < f.length; i++) {
            Instant at = rows.get(i).time();
            hit |= f[i] && !at.isBefore(start) && !at.isAfter(end);
        }
        assertTrue(hit, p[0] + ": its labelled window was not flagged");
    }
}
