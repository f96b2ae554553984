package dev.vigil.detection.multivariate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What scoring remembers of one entity between rows (the model itself is fixed): the recent rows in standardised
 * units, in a ring of {@code window} rows, and for models that adapt to each variable's recent level (version 4)
 * those levels and the newest raw row scores, and for models with a peak ratio (version 5) the current
 * episode's peak score. Size: 4 x window x variables bytes plus 13 (about 9 KB for 38
 * variables and 60 rows), plus 4 per variable and 8 per held score when adapting, plus 8 for the peak. Not thread-safe.
 */
public final class ScoringState {

    private static final byte FORMAT = 1;
    private static final byte ADAPTIVE_FORMAT = 2;
    /** Formats 1 and 2 followed by the episode's peak score (models with a peak ratio, version 5). */
    private static final byte PEAK_FORMAT_OFFSET = 2;
    private final int width;
    private final float[] ring;
    /** Each variable's recent level (empty when the model does not adapt). */
    private final float[] level;
    /** The newest raw row scores, newest first (empty when the model does not adapt). */
    private final double[] recent;
    /** Each variable's share summed over the current run of anomalous rows (empty when the model does not adapt). */
    private final float[] run;
    /** Whether the state holds the current episode's peak score (its model has a peak ratio). */
    private final boolean peaks;
    /** The highest score of the current stretch of rows above the threshold, 0 outside one. */
    private double peak;
    private int next;
    private int filled;

    ScoringState(int width, int window) {
        this(width, window, new float[0], new double[0]);
    }

    ScoringState(int width, int window, float[] level, double[] recent) {
        this(width, window, level, recent, false);
    }

    ScoringState(int width, int window, float[] level, double[] recent, boolean peaks) {
        this.peaks = peaks;
        this.width = width;
        this.ring = new float[width * window];
        this.level = level;
        this.recent = recent;
        this.run = new float[level.length];
    }

    int width() {
        return width;
    }

    int window() {
        return ring.length / width;
    }

    int filled() {
        return filled;
    }

    void add(double[] z) {
        int base = next * width;
        for (int j = 0; j < width; j++) {
            ring[base + j] = (float) z[j];
        }
        next = (next + 1) % window();
        filled = Math.min(filled + 1, window());
    }

    /** Standardised value of variable {@code j} in the k-th newest row held (k = 0 is the newest). */
    double get(int k, int j) {
        int row = Math.floorMod(next - 1 - k, window());
        return ring[row * width + j];
    }

    /** True if the state holds levels (its model adapts to each variable's recent level). */
    boolean adaptive() {
        return level.length > 0;
    }

    double level(int j) {
        return level[j];
    }

    void level(int j, double value) {
        level[j] = (float) value;
    }

    /**
     * Adds a row's shares to the current run of anomalous rows (or ends the run) and returns each variable's share
     * of the run so far (the row's own shares outside a run).
     */
    double[] run(double[] shares, boolean anomaly) {
        double[] out = new double[shares.length];
        double total = 0;
        for (int j = 0; j < run.length; j++) {
            run[j] = anomaly ? run[j] + (float) shares[j] : 0f;
            out[j] = anomaly ? run[j] : shares[j];
            total += out[j];
        }
        for (int j = 0; j < out.length && total > 0; j++) {
            out[j] /= total;
        }
        return out;
    }

    boolean peaks() {
        return peaks;
    }

    double peak() {
        return peak;
    }

    void peak(double value) {
        peak = value;
    }

    /** How many raw row scores are held. */
    int held() {
        return recent.length;
    }

    /** The k-th newest raw row score held. */
    double recent(int k) {
        return recent[k];
    }

    /** Holds a new raw row score, dropping the oldest. */
    void push(double raw) {
        if (recent.length > 0) {
            System.arraycopy(recent, 0, recent, 1, recent.length - 1);
            recent[0] = raw;
        }
    }

    /** The state as bytes, for {@link #restore(byte[])}. */
    public byte[] snapshot() {
        boolean adaptive = adaptive();
        int extra = (adaptive ? 4 + 8 * level.length + 8 * recent.length : 0) + (peaks ? 8 : 0);
        ByteBuffer b = ByteBuffer.allocate(13 + 4 * ring.length + extra).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) ((adaptive ? ADAPTIVE_FORMAT : FORMAT) + (peaks ? PEAK_FORMAT_OFFSET : 0)))
                .putInt(width).putInt(next).putInt(filled);
        if (adaptive) {
            b.putInt(recent.length);
        }
        for (float f : ring) {
            b.putFloat(f);
        }
        for (float f : level) {
            b.putFloat(f);
        }
        for (float f : run) {
            b.putFloat(f);
        }
        for (double v : recent) {
            b.putDouble(v);
        }
        if (peaks) {
            b.putDouble(peak);
        }
        return b.array();
    }

    /**
     * Restores a state written by {@link #snapshot()}.
     *
     * @throws IllegalArgumentException if the bytes are not such a snapshot
     */
    public static ScoringState restore(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte stored = bytes.length < 13 ? 0 : b.get();
        boolean peaks = stored > ADAPTIVE_FORMAT;
        byte format = (byte) (peaks ? stored - PEAK_FORMAT_OFFSET : stored);
        if (format != FORMAT && format != ADAPTIVE_FORMAT) {
            throw new IllegalArgumentException("not a multivariate scoring state");
        }
        int width = b.getInt();
        int next = b.getInt();
        int filled = b.getInt();
        int scores = format == ADAPTIVE_FORMAT && b.remaining() >= 4 ? b.getInt() : 0;
        long rest = b.remaining() - (format == ADAPTIVE_FORMAT ? 8L * width + 8L * scores : 0) - (peaks ? 8 : 0);
        if (width < 1 || scores < 0 || rest <= 0 || rest % 4 != 0 || (rest / 4) % width != 0) {
            throw new IllegalArgumentException("corrupt multivariate scoring state");
        }
        int cells = (int) (rest / 4);
        ScoringState s = format == FORMAT ? new ScoringState(width, cells / width, new float[0], new double[0], peaks)
                : new ScoringState(width, cells / width, new float[width], new double[scores], peaks);
        if (next < 0 || next >= s.window() || filled < 0 || filled > s.window()) {
            throw new IllegalArgumentException("corrupt multivariate scoring state");
        }
        for (int i = 0; i < cells; i++) {
            s.ring[i] = b.getFloat();
        }
        for (int j = 0; j < s.level.length; j++) {
            s.level[j] = b.getFloat();
        }
        for (int j = 0; j < s.run.length; j++) {
            s.run[j] = b.getFloat();
        }
        for (int k = 0; k < s.recent.length; k++) {
            s.recent[k] = b.getDouble();
        }
        s.peak = peaks ? b.getDouble() : 0;
        s.next = next;
        s.filled = filled;
        return s;
    }
}
