package dev.vigil.detection.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchResult;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.ChangePointDetector;
import dev.vigil.detection.batch.ChangePointResult;
import dev.vigil.detection.batch.PointResult;

/**
 * Cost of batch detection over 8,640 points (30 days of 5-minute values: daily cycle, noise, a spike every 997
 * points and a level shift two thirds in), the largest request the Azure API takes: whole-series detection with the
 * period detected and given, last-point detection, and change-point detection with the service's defaults (stable
 * trend window 10, threshold 0.99). Also whole-series detection of 1,000 hourly points, the API benchmark's request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BatchDetectorBenchmark {

    private static final int N = 8640;
    private static final int DAY = 288;

    private final double[] month = new double[N];
    private final double[] hourly = new double[1000];

    @Setup
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < N; i++) {
            month[i] = 50 + 10 * Math.sin(2 * Math.PI * i / DAY) + random.nextGaussian()
                    + (i % 997 == 500 ? 12 : 0) + (i > 2 * N / 3 ? 6 : 0);
        }
        for (int i = 0; i < hourly.length; i++) {
            hourly[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 3 * random.nextGaussian()
                    + (i % 97 == 50 ? 40 : 0);
        }
    }

    @Benchmark
    public BatchResult entire8640DetectedPeriod() {
        return BatchDetector.detectEntire(month, BatchSettings.defaults());
    }

    @Benchmark
    public BatchResult entire8640GivenPeriod() {
        return BatchDetector.detectEntire(month, new BatchSettings(DAY, 99, 0.25, false));
    }

    @Benchmark
    public PointResult last8640() {
        return BatchDetector.detectLast(month, BatchSettings.defaults());
    }

    @Benchmark
    public ChangePointResult changePoint8640() {
        return ChangePointDetector.detect(month, DAY, 10, 0.99);
    }

    @Benchmark
    public BatchResult entire1000Hourly() {
        return BatchDetector.detectEntire(hourly, BatchSettings.defaults());
    }
}
