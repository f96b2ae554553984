package dev.vigil.detection.multivariate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The recent rows of one entity in standardised units, in a ring of {@code window} rows: all that scoring
 * remembers between rows (the model itself is fixed). Size: 4 x window x variables bytes plus 13 (about 9 KB for
 * 38 variables and 60 rows). Not thread-safe.
 */
public final class ScoringState {

    private static final byte FORMAT = 1;
    private final int width;
    private final float[] ring;
    private int next;
    private int filled;

    ScoringState(int width, int window) {
        this.width = width;
        this.ring = new float[width * window];
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

    /** The state as bytes, for {@link #restore(byte[])}. */
    public byte[] snapshot() {
        ByteBuffer b = ByteBuffer.allocate(13 + 4 * ring.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FORMAT).putInt(width).putInt(next).putInt(filled);
        for (float f : ring) {
            b.putFloat(f);
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
        if (bytes.length < 13 || b.get() != FORMAT) {
            throw new IllegalArgumentException("not a multivariate scoring state");
        }
        int width = b.getInt();
        int next = b.getInt();
        int filled = b.getInt();
        int cells = (bytes.length - 13) / 4;
        if (width < 1 || cells % width != 0 || cells == 0 || (bytes.length - 13) % 4 != 0) {
            throw new IllegalArgumentException("corrupt multivariate scoring state");
        }
        ScoringState s = new ScoringState(width, cells / width);
        if (next < 0 || next >= s.window() || filled < 0 || filled > s.window()) {
            throw new IllegalArgumentException("corrupt multivariate scoring state");
        }
        for (int i = 0; i < cells; i++) {
            s.ring[i] = b.getFloat();
        }
        s.next = next;
        s.filled = filled;
        return s;
    }
}
