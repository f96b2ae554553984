package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bench.FalseAlarmRate;
import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operating point has one source, {@link ChanceFlags}: the README's Sensitivity table must show its numbers, and
 * the table must be what the current detector measures ({@link FalseAlarmRate}, the README's 100 series per noise
 * kind and 30 days, rounded to thousandths; deterministic for its seeds). A detector change that moves the
 * false-alarm rate fails here until the table, the README and BENCHMARKS.md are re-measured together.
 */
class ChanceFlagsTest {

    @Test
    void theReadmeSensitivityTableShowsTheCodesRates() throws IOException {
        List<double[]> rows = readmeRows();
        assertEquals(ChanceFlags.SENSITIVITY.length, rows.size(), "one README row per measured sensitivity");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(ChanceFlags.SENSITIVITY[i], (int) rows.get(i)[0], "README row " + i);
            assertEquals(ChanceFlags.PER_DAY[i], rows.get(i)[2], 1e-9,
                    "Student-t3 column at " + ChanceFlags.SENSITIVITY[i]);
        }
    }

    @Test
    void theRatesAreWhatTheDetectorMeasures() throws IOException {
        List<double[]> rows = readmeRows();
        for (int i = 0; i < ChanceFlags.SENSITIVITY.length; i++) {
            int sensitivity = ChanceFlags.SENSITIVITY[i];
            DetectorKind kind = Detectors.of(DetectorSettings.defaults().withSensitivity(sensitivity));
            double gaussian = FalseAlarmRate.rate(kind, 100, 30, false);
            double heavy = FalseAlarmRate.rate(kind, 100, 30, true);
            assertEquals(rows.get(i)[1], thousandths(gaussian), 1e-9, "README Gaussian column at " + sensitivity
                    + ", measured " + gaussian);
            assertEquals(ChanceFlags.PER_DAY[i], thousandths(heavy), 1e-9, "Student-t3 at " + sensitivity
                    + ", measured " + heavy);
        }
    }

    private static double thousandths(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    @Test
    void betweenMeasuredPointsTheRateIsInterpolatedPerWindow() {
        assertEquals(0.451 / 288, ChanceFlags.perWindow(96), 1e-12);
        double mid = ChanceFlags.perWindow(95);
        assertTrue(mid > ChanceFlags.perWindow(93) && mid < ChanceFlags.perWindow(96), "monotone between points");
        assertEquals(ChanceFlags.perWindow(80), ChanceFlags.perWindow(50), 1e-15, "below 80: 80's");
    }

    /** The rows of README "Sensitivity": sensitivity, Gaussian and Student-t3 false alarms per series per day. */
    private static List<double[]> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("\n## Sensitivity\n");
        assertTrue(from >= 0, "README has a Sensitivity section");
        List<double[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.substring(from).split("\n")) {
            if (line.startsWith("| sensitivity |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("|")) {
                String[] cells = line.replace("*", "").replace("(default)", "").split("\\|");
                rows.add(new double[] {Double.parseDouble(cells[1].strip()), Double.parseDouble(cells[2].strip()),
                        Double.parseDouble(cells[3].strip())});
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }
}
