package dev.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark driver: one incident pass ({@link IncidentGrouper#group}) over n anomalies of three shapes, timed, to
 * show how its cost grows with the anomalies of a run. {@code fleet}: every meter of a fleet (100 feeders) flagged in
 * one window, a fleet-wide event; {@code plain}: as many series without dimensions (each its own entity, by metric),
 * flagged in one window; {@code spread}: meters flagged at random times over a day, as chance flags fall.
 *
 * <p>{@code java -cp target/test-classes:target/classes dev.vigil.alerting.IncidentGroupingLoad [n ...]}
 */
public final class IncidentGroupingLoad {

    private static final Instant T = Instant.parse("2026-09-02T03:00:00Z");

    private IncidentGroupingLoad() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10_000, 20_000, 40_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (String shape : List.of("fleet", "plain", "spread")) {
            for (int n : sizes) {
                List<IncidentGrouper.Anomaly> anomalies = anomalies(shape, n);
                IncidentGrouper grouper = new IncidentGrouper(IncidentGrouperTest.CONFIG, IncidentGrouperTest.SPANS,
                        ChanceFlags.perWindow(96),
                        scope -> scope.isEmpty() ? n : scope.containsKey("feeder") ? n / 100 : 1);
                long t0 = System.nanoTime();
                List<IncidentGrouper.Group> groups = grouper.group(List.of(), anomalies);
                double ms = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "%-7s %,8d anomalies -> %,7d incidents in %,10.1f ms (%.2f us each)%n",
                        shape, n, groups.size(), ms, ms * 1000 / n);
            }
        }
    }

    static List<IncidentGrouper.Anomaly> anomalies(String shape, int n) {
        Random random = new Random(3);
        List<IncidentGrouper.Anomaly> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (shape.equals("plain")) {
                out.add(new IncidentGrouper.Anomaly(i, "cpu.host" + i, "cpu.host" + i, Map.of(), T, 0.8, null, 3600));
                continue;
            }
            Instant window = shape.equals("fleet") ? T : T.plus(Duration.ofHours(random.nextInt(24)));
            out.add(new IncidentGrouper.Anomaly(i, "power{meter=m" + i + "}", "power",
                    Map.of("meter", "m" + i, "feeder", "f" + i % 100), window, 0.8, null, 3600));
        }
        return out;
    }
}
