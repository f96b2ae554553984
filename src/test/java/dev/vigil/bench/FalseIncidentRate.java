package dev.vigil.bench;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the default rule and the incident quiet period make of the false alarms that {@link FalseAlarmRate}
 * counts: on the same anomaly-free series at the default sensitivity, per series per judged day, the flags, the
 * flags at or above a severity, the flags a rule "weak flags need a companion" admits (severity at least {@code s},
 * or another flag of the series within its previous {@code k} windows), and the incidents those open (an admitted
 * flag with no admitted flag in the previous {@code k} windows: the quiet period counted in windows). One series is
 * one entity here, so these are false incidents per series per day. Prints one table per cadence (5-minute and
 * hourly windows) and noise kind.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vigil.bench.FalseIncidentRate \
 *     -Dexec.args="100"   # series per noise kind</pre>
 */
public final class FalseIncidentRate {

    /** The pipeline's default, {@code vigil.detection.sensitivity}. */
    private static final int SENSITIVITY = 96;
    private static final double[] SEVERITIES = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75};
    private static final int[] QUIET = {2, 6, 12, 24};

    private FalseIncidentRate() {
    }

    /** A flag: its window's index and severity. */
    private record Flag(int i, double severity) {
    }

    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        DetectorKind kind = Detectors.of(DetectorSettings.defaults().withSensitivity(SENSITIVITY));
        for (int perDay : new int[] {288, 24}) {
            int days = perDay == 288 ? 30 : 90;
            for (boolean heavy : new boolean[] {false, true}) {
                table(kind, series, days, perDay, heavy);
            }
        }
    }

    private static void table(DetectorKind kind, int series, int days, int perDay, boolean heavy) {
        List<List<Flag>> flags = new ArrayList<>();
        long[] judged = {0};
        for (int s = 0; s < series; s++) {
            List<Flag> mine = new ArrayList<>();
            FalseAlarmRate.replay(kind, s, days, heavy, perDay, (i, v) -> {
                if (!v.warmingUp() && i >= perDay) {
                    judged[0]++;
                    if (v.anomaly()) {
                        mine.add(new Flag(i, v.severity()));
                    }
                }
            });
            flags.add(mine);
        }
        double seriesDays = (double) judged[0] / perDay;
        System.out.printf(Locale.ROOT, "%n%s windows, %s noise, sensitivity %d, %d series, %.0f judged series-days;"
                + " per series per day:%n", perDay == 288 ? "5-minute" : "hourly", heavy ? "Student-t3" : "Gaussian",
                SENSITIVITY, series, seriesDays);
        System.out.printf(Locale.ROOT, "%9s %10s", "severity", "flags>=s");
        for (int k : QUIET) {
            System.out.printf(Locale.ROOT, " %12s %12s", "admit k=" + k, "incid. k=" + k);
        }
        System.out.println();
        for (double s : SEVERITIES) {
            long strong = flags.stream().flatMap(List::stream).filter(f -> f.severity() >= s).count();
            System.out.printf(Locale.ROOT, "%9.2f %10.5f", s, strong / seriesDays);
            for (int k : QUIET) {
                long admitted = 0;
                long incidents = 0;
                for (List<Flag> mine : flags) {
                    int lastFlag = Integer.MIN_VALUE / 2;
                    int lastAdmitted = Integer.MIN_VALUE / 2;
                    for (Flag f : mine) {
                        boolean admit = f.severity() >= s || f.i() - lastFlag <= k;
                        if (admit) {
                            admitted++;
                            if (f.i() - lastAdmitted > k) {
                                incidents++;
                            }
                            lastAdmitted = f.i();
                        }
                        lastFlag = f.i();
                    }
                }
                System.out.printf(Locale.ROOT, " %12.5f %12.5f", admitted / seriesDays, incidents / seriesDays);
            }
            System.out.println();
        }
    }
}
