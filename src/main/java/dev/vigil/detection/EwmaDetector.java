package dev.vigil.detection;

import java.nio.ByteBuffer;

/**
 * A baseline streaming detector: exponentially weighted mean and mean absolute deviation (MAD) of the values,
 * with a band of {@code mean ± K · 1.2533 · MAD} (1.2533 = sqrt(pi/2) turns a normal MAD into a standard
 * deviation). The score is the z-score {@code (x - mean) / (1.2533 · MAD)}; severity grows linearly from 0 at the
 * band edge to 1 at twice the band's half-width. Learning uses a winsorised value so one spike does not drag the
 * mean. Constant series: the MAD floor of 1e-9 relative to |mean| (or absolute) makes any change an anomaly.
 *
 * <p>State: a count, two doubles and a time (36 bytes serialised), whatever the history length. Not thread-safe.
 */
public final class EwmaDetector implements StreamingDetector {

    /** Kind descriptor: name {@code ewma-z}, version 1. */
    public static final DetectorKind KIND = new DetectorKind() {
        @Override
        public String name() {
            return "ewma-z";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public StreamingDetector create(long stepSeconds) {
            return new EwmaDetector(0, Double.NaN, 0, Long.MIN_VALUE);
        }

        @Override
        public StreamingDetector restore(byte[] snapshot) {
            if (snapshot == null || snapshot.length != BYTES || ByteBuffer.wrap(snapshot).getInt() != MAGIC) {
                throw new IllegalArgumentException("not an ewma-z v1 snapshot");
            }
            ByteBuffer b = ByteBuffer.wrap(snapshot, 4, BYTES - 4);
            return new EwmaDetector(b.getLong(), b.getDouble(), b.getDouble(), b.getLong());
        }
    };

    static final int WARM_UP = 12;
    static final double ALPHA = 0.05;
    static final double K = 4.0;
    private static final int MAGIC = 0x45574d01;
    private static final int BYTES = 4 + 8 + 8 + 8 + 8;

    private long seen;
    private double mean;
    private double mad;
    private long lastEpochSecond;

    private EwmaDetector(long seen, double mean, double mad, long lastEpochSecond) {
        this.seen = seen;
        this.mean = mean;
        this.mad = mad;
        this.lastEpochSecond = lastEpochSecond;
    }

    @Override
    public Verdict observe(long epochSecond, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        if (epochSecond <= lastEpochSecond) {
            throw new IllegalArgumentException("time must move forward: " + epochSecond + " after " + lastEpochSecond);
        }
        lastEpochSecond = epochSecond;
        if (seen == 0) {
            mean = value;
            seen = 1;
            return Verdict.insufficientHistory();
        }
        double sigma = Math.max(1.2533 * mad, 1e-9 * Math.max(1, Math.abs(mean)));
        Verdict verdict = seen < WARM_UP ? Verdict.insufficientHistory() : judge(value, sigma);
        double bounded = Math.max(mean - K * sigma, Math.min(mean + K * sigma, value));
        double learnFrom = seen < WARM_UP ? value : bounded;
        mad += ALPHA * (Math.abs(learnFrom - mean) - mad);
        mean += ALPHA * (learnFrom - mean);
        seen++;
        return verdict;
    }

    private Verdict judge(double value, double sigma) {
        double z = (value - mean) / sigma;
        double outside = Math.abs(z) - K;
        double severity = outside <= 0 ? 0 : Math.min(1, outside / K);
        return new Verdict(mean, mean - K * sigma, mean + K * sigma, outside > 0, severity, z, false);
    }

    @Override
    public byte[] snapshot() {
        return ByteBuffer.allocate(BYTES).putInt(MAGIC).putLong(seen).putDouble(mean).putDouble(mad)
                .putLong(lastEpochSecond).array();
    }

    @Override
    public DetectorKind kind() {
        return KIND;
    }
}
