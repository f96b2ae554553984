package dev.vigil.detection.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Traces of the batch engine's last-point fit on meter-like daily series (BENCHMARKS "Coarse series", branch meters5):
 * what its trend, seasonal and remainder do at the judged point on a +30 % step and on the steep weeks of a seasonal
 * swing. Prints only.
 *
 * <pre>./mvnw -B test -Dtest=MeterTraceTest -Dtest.excludedGroups=</pre>
 */
@Tag("benchmark")
class MeterTraceTest {

    /** A meter made as the walk makes one (start 6 December, peak 15 January, weekend x1.15, swing 30 %, noise 4 %). */
    private static double[] walkLike(long seed, double weekend, double season) {
        Random r = new Random(seed);
        double[] v = new double[365];
        for (int t = 0; t < 365; t++) {
            int doy = (339 + t) % 365 + 1;
            boolean we = (t + 5) % 7 >= 5; // 2025-12-06 was a Saturday
            v[t] = 15 * (we ? weekend : 1) * (1 + season * Math.cos(2 * Math.PI * (doy - 15) / 365))
                    * (1 + 0.04 * r.nextGaussian());
        }
        return v;
    }

    @Test
    void aStepAndTheSteepWeeks() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] v = walkLike(seed, seed == 2 ? 0.8 : 1.15, 0.2 + 0.1 * seed);
            System.out.println("== meter " + seed);
            double[] stepped = v.clone();
            for (int t = 177; t < 365; t++) {
                stepped[t] *= 1.3;
            }
            for (int day = 176; day <= 181; day++) {
                trace("step", Arrays.copyOf(stepped, day + 1), day);
            }
            double[] spiked = v.clone();
            spiked[256] *= 1.6;
            trace("spike +60", Arrays.copyOf(spiked, 257), 256);
            int flagged = 0;
            for (int day = 110; day <= 170; day++) {
                flagged += trace(day >= 120 && day < 130 ? "steep" : null, Arrays.copyOf(v, day + 1), day) ? 1 : 0;
            }
            System.out.println("steep days 110..170 flagged: " + flagged + " of 61");
        }
    }

    /** How many of the last {@code last} points the engine's entire-series detection flags. */
    private static int flaggedOf(double[] h, int last) {
        boolean[] a = SeasonalSeries.detect(h, 7, 0.25, 0.05, false).anomaly();
        int c = 0;
        for (int i = h.length - last; i < h.length; i++) {
            c += a[i] ? 1 : 0;
        }
        return c;
    }

    private static boolean trace(String label, double[] x, int day) {
        int n = x.length;
        PointResult r = BatchDetector.detectLast(x, new BatchSettings(7, 99, 0.25, false, false));
        SeasonalDecomposition plain = ReferenceStl.periodicRobust(x, 7);
        SeasonalDecomposition end = SeasonalSeries.decompose(x, 7, true);
        SeasonalSeries.Result s = SeasonalSeries.detect(x, 7, 0.25, 0.05, true);
        double[] deseasoned = new double[n];
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) {
            deseasoned[i] = x[i] - end.seasonal()[i];
            remainder[i] = end.remainder()[i];
        }
        int below = 0;
        int above = 0;
        for (int i = 0; i < n - 1; i++) {
            below += deseasoned[i] < deseasoned[n - 1] ? 1 : 0;
            above += deseasoned[i] > deseasoned[n - 1] ? 1 : 0;
        }
        double[] hist = Arrays.copyOf(remainder, n - 1);
        double mad = 1.4826 * Filters.mad(hist);
        // the history without the judged point: its fit's trend at the day before, and the seasonal of the judged phase
        SeasonalSeries.Result prev = SeasonalSeries.detect(Arrays.copyOf(x, n - 1), 7, 0.25, 0.05, false);
        double forecast = prev.trend()[n - 2] + (prev.expected()[n - 8] - prev.trend()[n - 8]);
        if (label != null) {
            System.out.printf(Locale.ROOT, "%-9s day %d: x %.2f (day before %.2f) | engine expected %.2f band %.2f..%.2f "
                    + "%s | end-fit trend %.2f (plain %.2f) trend day before %.2f seasonal %.2f remainder %.2f = %.1f "
                    + "sd of the history's | deseasoned: %d history points below, %d above | forecast from the history "
                    + "alone %.2f (its trend the day before %.2f, the plain decomposition's %.2f; history points "
                    + "flagged in its last 28: %d)%n", label, day, x[n - 1], x[n - 2], r.expected(), r.expected() - r.lowerMargin(),
                    r.expected() + r.upperMargin(), r.anomaly() ? "FLAG" : "ok", end.trend()[n - 1],
                    plain.trend()[n - 1], end.trend()[n - 2], end.seasonal()[n - 1], remainder[n - 1],
                    remainder[n - 1] / mad, below, above, forecast, prev.trend()[n - 2],
                    SeasonalSeries.decompose(Arrays.copyOf(x, n - 1), 7, false).trend()[n - 2],
                    flaggedOf(Arrays.copyOf(x, n - 1), 28));
        }
        return r.anomaly();
    }
}
