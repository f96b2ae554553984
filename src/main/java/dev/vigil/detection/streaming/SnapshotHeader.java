package dev.vigil.detection.streaming;

import java.nio.ByteBuffer;

/**
 * The head every streaming detector's snapshot starts with: its magic number, the version of its kind, the step and
 * the seasonal profiles (each behind a presence byte). Big-endian, the layout of {@code DataOutputStream}, so older
 * snapshots keep reading.
 */
record SnapshotHeader(long step, SeasonalProfile daily, SeasonalProfile weekly) {

    int size() {
        return 4 + 2 + 8 + 1 + (daily == null ? 0 : daily.size()) + 1 + (weekly == null ? 0 : weekly.size());
    }

    void write(ByteBuffer out, int magic, int version) {
        out.putInt(magic);
        out.putShort((short) version);
        out.putLong(step);
        writeProfile(out, daily);
        writeProfile(out, weekly);
    }

    /** Checks the magic number and version before reading on; a mismatch names the kind expected. */
    static SnapshotHeader read(ByteBuffer in, int magic, String kind, int version) {
        if (in.getInt() != magic) {
            throw new IllegalArgumentException("not a snapshot of " + kind);
        }
        int found = Short.toUnsignedInt(in.getShort());
        if (found != version) {
            throw new IllegalArgumentException("snapshot version " + found + ", expected " + version);
        }
        long step = in.getLong();
        if (step < 1) {
            throw new IllegalArgumentException("corrupt snapshot: step " + step);
        }
        SeasonalProfile daily = in.get() != 0 ? SeasonalProfile.read(in) : null;
        SeasonalProfile weekly = in.get() != 0 ? SeasonalProfile.read(in) : null;
        return new SnapshotHeader(step, daily, weekly);
    }

    private static void writeProfile(ByteBuffer out, SeasonalProfile profile) {
        out.put((byte) (profile != null ? 1 : 0));
        if (profile != null) {
            profile.write(out);
        }
    }
}
