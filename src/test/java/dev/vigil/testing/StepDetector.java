package dev.vigil.testing;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;
import dev.vigil.scheduling.DetectionConfig;
import dev.vigil.scheduling.DetectorChoice;
import dev.vigil.storage.WindowHistory;
import io.quarkus.test.junit.QuarkusMock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in detector whose verdicts are known in advance, for tests of what the pipeline does with a verdict
 * rather than of the maths: the expected value is the previous value, and a move of more than {@link #JUMP} from it
 * is flagged as a level shift (reason {@value Verdict#LEVEL}), a move of more than {@link #TREND_JUMP} as a change of
 * slope (reason {@value Verdict#TREND}); the first value only warms it up.
 */
public final class StepDetector implements StreamingDetector {

    public static final double JUMP = 5;
    public static final double TREND_JUMP = 100;
    public static final DetectorKind KIND = new DetectorKind() {
        @Override
        public String name() {
            return "test-step";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public StreamingDetector create(long stepSeconds) {
            return new StepDetector(Double.NaN);
        }

        @Override
        public StreamingDetector restore(byte[] snapshot) {
            return new StepDetector(ByteBuffer.wrap(snapshot).getDouble());
        }
    };

    private double previous;

    private StepDetector(double previous) {
        this.previous = previous;
    }

    /** Makes the pipeline use this detector until the end of the current test. */
    public static void install(DetectionConfig config, WindowHistory history) {
        QuarkusMock.installMockForType(new DetectorChoice(config, history) {
            @Override
            public DetectorKind kind() {
                return KIND;
            }

            @Override
            public Map<Long, StreamingDetector> start(Map<Long, Instant> firstNew, Duration size) {
                Map<Long, StreamingDetector> out = new HashMap<>();
                firstNew.keySet().forEach(id -> out.put(id, KIND.create(size.toSeconds())));
                return out;
            }
        }, DetectorChoice.class);
    }

    @Override
    public Verdict observe(long epochSecond, double value) {
        double before = previous;
        previous = value;
        if (Double.isNaN(before)) {
            return Verdict.insufficientHistory();
        }
        boolean shift = Math.abs(value - before) > JUMP;
        return new Verdict(before, before - JUMP, before + JUMP, shift, shift ? 0.9 : 0, value - before, false,
                Math.abs(value - before) > TREND_JUMP ? Verdict.TREND : Verdict.LEVEL);
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(8).putDouble(previous).array();
    }

    @Override
    public DetectorKind kind() {
        return KIND;
    }
}
