package dev.vigil.detection.streaming;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The snapshot format of {@link LikelihoodDetector}, kept apart from the maths: magic {@code "VGLK"}, version, then
 * the learned state in a fixed order (big-endian, the layout of {@code DataOutputStream}). Settings and tuning are
 * not stored: they come from the kind that restores. Stateless and thread-safe.
 */
final class LikelihoodSnapshot {

    static final int MAGIC = 0x56474c4b; // "VGLK"

    private LikelihoodSnapshot() {
    }

    static byte[] write(LikelihoodDetector d) {
        Predictors p = d.predictors;
        SnapshotHeader header = new SnapshotHeader(d.step, p.daily, p.weekly);
        int size = header.size() + 4 * 8 + Predictors.PREDICTORS * 12 + 5 * 8 + 1 + LikelihoodDetector.WINDOW * 16 + 2
                + LikelihoodDetector.FEATURES * TailProbability.SIZE + 4 + 8 + 8 + 8 + 1
                + LikelihoodDetector.WINDOW * 12 + 7 * 8 + (d.resonance == null ? 0 : ResonanceNovelty.SIZE)
                + (d.kind.tuning().runMargin() > 0 ? 2 * 8 : 0) + (d.kind.tuning().flagRepeatMargin() > 0 ? 8 + 4 : 0)
                + (d.kind.tuning().meanPredictor() > 0 ? 8 + 4 : 0)
                + (d.decision.recurrence == null ? 0 : WeeklyRecurrence.bytes())
                + (d.isolation.novelty == null ? 0 : IsolationNovelty.size(d.kind.tuning().isolation()));
        ByteBuffer out = ByteBuffer.allocate(size);
        header.write(out, MAGIC, d.kind.version());
        out.putLong(d.lastEpoch);
        out.putLong(d.seen);
        out.putDouble(p.last);
        out.putDouble(p.level);
        for (int i = 0; i < Predictors.PREDICTORS; i++) {
            out.putDouble(p.scale[i]);
            out.putInt(p.scaleCount[i]);
        }
        out.putDouble(p.longMean);
        out.putDouble(p.longVar);
        out.putDouble(p.longStep);
        out.putDouble(p.min);
        out.putDouble(p.max);
        out.put((byte) LikelihoodDetector.WINDOW);
        for (int j = 0; j < LikelihoodDetector.WINDOW; j++) {
            out.putDouble(d.window.values[j]);
            out.putFloat(d.window.dailyZ[j]);
            out.putFloat(d.window.weeklyZ[j]);
            out.putLong(d.window.epochs[j]);
            out.putFloat(d.window.offset[j]);
        }
        out.put((byte) d.window.count);
        out.put((byte) d.window.head);
        for (TailProbability tail : d.tails) {
            tail.write(out);
        }
        out.putInt(d.suppressLeft);
        out.putDouble(d.decision.anomalyRate);
        out.putDouble(d.peak);
        out.putLong(d.firstEpoch);
        out.put((byte) d.changes.sinceChangePoint);
        out.putDouble(d.changes.trendSlope);
        out.putLong(d.changes.trendOrigin);
        out.putLong(d.changes.lastChangeEpoch);
        out.putDouble(d.changes.lastChangeMove);
        out.putDouble(d.changes.runPeak);
        out.putDouble(d.changes.runScale);
        out.putLong(d.changes.runStart);
        if (d.resonance != null) {
            d.resonance.write(out);
        }
        if (d.kind.tuning().runMargin() > 0) {
            out.putDouble(d.runReported[LikelihoodDetector.SEASONAL]);
            out.putDouble(d.runReported[LikelihoodDetector.LEVEL]);
        }
        if (d.kind.tuning().flagRepeatMargin() > 0) {
            out.putDouble(d.decision.lastFlag);
            out.putInt(d.decision.sinceFlag);
        }
        if (d.kind.tuning().meanPredictor() > 0) {
            out.putDouble(p.longMae);
            out.putInt(p.longMaeCount);
        }
        if (d.decision.recurrence != null) {
            d.decision.recurrence.write(out);
        }
        if (d.isolation.novelty != null) {
            d.isolation.novelty.write(out);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("snapshot size miscounted");
        }
        return out.array();
    }

    static LikelihoodDetector read(LikelihoodDetectorKind kind, byte[] snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            SnapshotHeader h = SnapshotHeader.read(in, MAGIC, kind.name(), kind.version());
            LikelihoodDetector d = new LikelihoodDetector(kind, h.step(), h.daily(), h.weekly());
            Predictors p = d.predictors;
            d.lastEpoch = in.getLong();
            d.seen = in.getLong();
            p.last = in.getDouble();
            p.level = in.getDouble();
            for (int i = 0; i < Predictors.PREDICTORS; i++) {
                p.scale[i] = in.getDouble();
                p.scaleCount[i] = in.getInt();
            }
            p.longMean = in.getDouble();
            p.longVar = in.getDouble();
            p.longStep = in.getDouble();
            p.min = in.getDouble();
            p.max = in.getDouble();
            if (in.get() != LikelihoodDetector.WINDOW) {
                throw new IllegalArgumentException("snapshot window length differs");
            }
            for (int j = 0; j < LikelihoodDetector.WINDOW; j++) {
                d.window.values[j] = in.getDouble();
                d.window.dailyZ[j] = in.getFloat();
                d.window.weeklyZ[j] = in.getFloat();
                d.window.epochs[j] = in.getLong();
                d.window.offset[j] = in.getFloat();
            }
            d.window.count = in.get();
            d.window.head = in.get();
            if (d.window.count < 0 || d.window.count > LikelihoodDetector.WINDOW || d.window.head < 0
                    || d.window.head >= LikelihoodDetector.WINDOW) {
                throw new IllegalArgumentException("corrupt snapshot: window position");
            }
            for (TailProbability tail : d.tails) {
                tail.read(in);
            }
            d.suppressLeft = in.getInt();
            d.decision.anomalyRate = in.getDouble();
            d.peak = in.getDouble();
            if (!(d.peak >= 0)) {
                throw new IllegalArgumentException("corrupt snapshot: peak");
            }
            d.firstEpoch = in.getLong();
            d.changes.sinceChangePoint = in.get();
            if (d.seen > 0 && d.firstEpoch > d.lastEpoch || d.changes.sinceChangePoint < 0 || d.changes.sinceChangePoint > LikelihoodDetector.LEVEL_WINDOW) {
                throw new IllegalArgumentException("corrupt snapshot: first time or change-point count");
            }
            d.changes.trendSlope = in.getDouble();
            d.changes.trendOrigin = in.getLong();
            d.changes.lastChangeEpoch = in.getLong();
            d.changes.lastChangeMove = in.getDouble();
            d.changes.runPeak = in.getDouble();
            d.changes.runScale = in.getDouble();
            d.changes.runStart = in.getLong();
            if (!Double.isFinite(d.changes.trendSlope) || !Double.isFinite(d.changes.lastChangeMove)
                    || !(d.changes.runPeak >= 0) || !(d.changes.runScale >= 0)) {
                throw new IllegalArgumentException("corrupt snapshot: trend");
            }
            if (d.resonance != null) {
                d.resonance.read(in);
            }
            if (kind.tuning().runMargin() > 0) {
                d.runReported[LikelihoodDetector.SEASONAL] = in.getDouble();
                d.runReported[LikelihoodDetector.LEVEL] = in.getDouble();
                if (!(d.runReported[LikelihoodDetector.SEASONAL] >= 0) || !(d.runReported[LikelihoodDetector.LEVEL] >= 0)) {
                    throw new IllegalArgumentException("corrupt snapshot: run reports");
                }
            }
            if (kind.tuning().flagRepeatMargin() > 0) {
                d.decision.lastFlag = in.getDouble();
                d.decision.sinceFlag = in.getInt();
                if (!(d.decision.lastFlag >= 0) || d.decision.sinceFlag < 0) {
                    throw new IllegalArgumentException("corrupt snapshot: last flag");
                }
            }
            if (kind.tuning().meanPredictor() > 0) {
                p.longMae = in.getDouble();
                p.longMaeCount = in.getInt();
                if (!(p.longMae >= 0) || p.longMaeCount < 0) {
                    throw new IllegalArgumentException("corrupt snapshot: long-run error");
                }
            }
            if (d.decision.recurrence != null) {
                d.decision.recurrence.read(in);
            }
            if (d.isolation.novelty != null) {
                d.isolation.novelty.read(in);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes in snapshot");
            }
            return d;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated snapshot", e);
        }
    }
}
