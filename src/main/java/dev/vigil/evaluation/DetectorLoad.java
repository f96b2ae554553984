package dev.vigil.evaluation;

import java.util.Locale;
import java.util.Random;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;

/**
 * A small load driver for the standard streaming detector: the cost of one {@code observe} per window and of a
 * snapshot/restore round trip (what the pipeline pays per series and run), the snapshot size, and the rebuild of a
 * fresh detector from the same windows as stored history ({@code learn}, what an upgrade costs per series).
 *
 * <p>Usage: {@code DetectorLoad [series [windowsPerSeries]]}, defaults 200 series of 8,640 five-minute windows
 * (30 days), daily cycle plus noise. The first pass warms the JIT and is not reported.
 */
public final class DetectorLoad {

    private DetectorLoad() {
    }

    public static void main(String[] args) {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 8640;
        DetectorKind kind = Detectors.standard();
        double[][] values = new double[series][windows];
        Random random = new Random(42);
        for (double[] v : values) {
            double level = 10 + 90 * random.nextDouble();
            for (int i = 0; i < windows; i++) {
                v[i] = level * (1 + 0.3 * Math.sin(2 * Math.PI * i / 288)) + random.nextGaussian();
            }
        }
        long[] epochs = new long[windows];
        for (int i = 0; i < windows; i++) {
            epochs[i] = 1_388_966_400L + 300L * i;
        }
        for (int pass = 0; pass < 2; pass++) {
            long sink = 0;
            long updateNanos = 0;
            long snapshotNanos = 0;
            long rebuildNanos = 0;
            int bytes = 0;
            for (double[] v : values) {
                StreamingDetector d = kind.create(300);
                long start = System.nanoTime();
                for (int i = 0; i < windows; i++) {
                    sink += d.observe(epochs[i], v[i]).anomaly() ? 1 : 0;
                }
                updateNanos += System.nanoTime() - start;
                start = System.nanoTime();
                for (int k = 0; k < 10; k++) {
                    byte[] snapshot = d.snapshot();
                    d = kind.restore(snapshot);
                    bytes = snapshot.length;
                }
                snapshotNanos += System.nanoTime() - start;
                // the rebuild after an upgrade: a fresh detector learns the same windows as stored history
                start = System.nanoTime();
                kind.create(300).learn(epochs, v);
                rebuildNanos += System.nanoTime() - start;
            }
            if (pass == 1) {
                System.out.printf(Locale.ROOT,
                        "%s v%d: %.0f ns per window update, %.1f us per snapshot+restore, %d bytes of state,"
                                + " %.1f ms per rebuild from the %d windows (%d series, %d flags)%n",
                        kind.name(), kind.version(), (double) updateNanos / ((long) series * windows),
                        snapshotNanos / (series * 10.0) / 1000, bytes, rebuildNanos / (series * 1e6), windows, series,
                        sink);
            }
        }
    }
}
