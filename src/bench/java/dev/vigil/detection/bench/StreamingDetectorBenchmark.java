package dev.vigil.detection.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;
import dev.vigil.evaluation.TuningSweep;

/**
 * Cost of the standard streaming detector per window ({@code observe}), and of the snapshot round trip the pipeline
 * does per series and run. The detector is warmed up on 30 days of 5-minute values (daily cycle plus noise) so all
 * predictors and features are active. The snapshot size is printed at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamingDetectorBenchmark {

    private static final int DAYS = 30;
    private static final int N = DAYS * 288;

    /**
     * Tuning keys on top of the defaults ({@code TuningSweep}), separated by ';' (JMH splits {@code -p} values at
     * commas); "resonance=0.8" adds the adaptive-resonance member.
     */
    @Param({"", "resonance=0.8"})
    public String tuning;

    private DetectorKind kind;
    private final double[] values = new double[N];
    private StreamingDetector detector;
    private byte[] snapshot;
    private long time;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        kind = tuning.isEmpty() ? Detectors.standard()
                : new LikelihoodDetectorKind(DetectorSettings.defaults(), TuningSweep.parse(tuning.replace(';', ',')));
        Random random = new Random(42);
        for (int i = 0; i < N; i++) {
            values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian();
        }
        detector = kind.create(300);
        time = 1_388_966_400L;
        for (int i = 0; i < N; i++) {
            detector.observe(time, values[i]);
            time += 300;
        }
        snapshot = detector.snapshot();
        System.out.println("state size: " + snapshot.length + " bytes");
    }

    @Benchmark
    public Verdict observe() {
        Verdict v = detector.observe(time, values[next]);
        time += 300;
        next = next + 1 == N ? 0 : next + 1;
        return v;
    }

    @Benchmark
    public byte[] snapshotOnly() {
        return detector.snapshot();
    }

    @Benchmark
    public StreamingDetector restoreOnly() {
        return kind.restore(snapshot);
    }
}
