package dev.vigil.detection.multivariate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of a {@link PcaModel}: a header (magic, engine version), the variables, the per-variable arrays, the basis
 * (doubles), the training correlations, the rows a score averages (from version 3), the adaptation to each
 * variable's recent level with its starting levels and scores (from version 4), the peak ratio (from version 5), the newest training rows (floats)
 * and the training report. About 20 KB for 38 variables.
 */
final class PcaModelCodec {

    private static final int MAGIC = 0x56504341; // "VPCA"

    private PcaModelCodec() {
    }

    static byte[] encode(PcaModel m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            int d = m.variables.size();
            int k = m.basis[0].length;
            out.writeInt(MAGIC);
            out.writeInt(PcaEngine.VERSION);
            out.writeInt(d);
            out.writeInt(k);
            for (String v : m.variables) {
                out.writeUTF(v);
            }
            for (int j = 0; j < d; j++) {
                out.writeDouble(m.mean[j]);
                out.writeDouble(m.scale[j]);
                out.writeBoolean(m.included[j]);
                out.writeDouble(m.residualScale[j]);
                out.writeDouble(m.changeScale[j]);
                for (int c = 0; c < k; c++) {
                    out.writeDouble(m.basis[j][c]);
                }
                for (int l = 0; l < d; l++) {
                    out.writeFloat(m.correlation[j][l]);
                }
            }
            out.writeDouble(m.threshold);
            out.writeInt(m.changeWindow);
            out.writeInt(m.correlationWindow);
            out.writeDouble(m.correlationChangeMin);
            out.writeInt(m.scoreRows);
            Adaptation a = m.adaptation;
            out.writeDouble(a.rate());
            out.writeDouble(a.cap());
            out.writeInt(a.level().length);
            for (float v : a.level()) {
                out.writeFloat(v);
            }
            out.writeInt(a.recent().length);
            for (double v : a.recent()) {
                out.writeDouble(v);
            }
            out.writeDouble(m.peakRatio);
            out.writeInt(m.tail.length);
            for (double[] row : m.tail) {
                for (double v : row) {
                    out.writeFloat((float) v);
                }
            }
            out.writeInt(m.report.rows());
            for (VariableQuality q : m.report.quality()) {
                out.writeDouble(q.missingRatio());
                out.writeBoolean(q.constant());
                out.writeBoolean(q.excluded());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static PcaModel decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a " + PcaEngine.NAME + " model");
            }
            int version = in.readInt();
            if (version < PcaEngine.OLDEST_READABLE || version > PcaEngine.VERSION) {
                throw new IllegalArgumentException("a " + PcaEngine.NAME + " model of version " + version
                        + ", this engine reads versions " + PcaEngine.OLDEST_READABLE + " to " + PcaEngine.VERSION);
            }
            int d = in.readInt();
            int k = in.readInt();
            // the counts come from the file: each is checked against the bytes it claims before anything is sized by
            // it (an imported snapshot of 200 KB claiming 100,000 variables asked for a 40 GB correlation matrix)
            if (d < 1 || k < 0 || k >= Math.max(d, 1) + 1
                    || (long) d * (2 + 33 + 8L * k + 4L * d) > snapshot.length) {
                throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model");
            }
            List<String> variables = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                variables.add(in.readUTF());
            }
            double[] mean = new double[d];
            double[] scale = new double[d];
            boolean[] included = new boolean[d];
            double[] residualScale = new double[d];
            double[] changeScale = new double[d];
            double[][] basis = new double[d][k];
            float[][] correlation = new float[d][d];
            for (int j = 0; j < d; j++) {
                mean[j] = in.readDouble();
                scale[j] = in.readDouble();
                included[j] = in.readBoolean();
                residualScale[j] = in.readDouble();
                changeScale[j] = in.readDouble();
                for (int c = 0; c < k; c++) {
                    basis[j][c] = in.readDouble();
                }
                for (int l = 0; l < d; l++) {
                    correlation[j][l] = in.readFloat();
                }
            }
            double threshold = in.readDouble();
            int changeWindow = in.readInt();
            int window = in.readInt();
            double changeMin = in.readDouble();
            int scoreRows = version >= 3 ? in.readInt() : 1; // version 2 scored each row alone
            Adaptation adaptation = version >= 4 ? readAdaptation(in, d, scoreRows) : Adaptation.NONE;
            double peakRatio = version >= 5 ? in.readDouble() : 0;
            int tailRows = in.readInt();
            if (!(peakRatio >= 0 && peakRatio < 1) || changeWindow < 1 || window < 3 || tailRows < 0 || tailRows > window
                    || scoreRows < 1 || scoreRows > window || 4L * tailRows * d > in.available()) {
                throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model");
            }
            double[][] tail = new double[tailRows][d];
            for (double[] row : tail) {
                for (int j = 0; j < d; j++) {
                    row[j] = in.readFloat();
                }
            }
            int rows = in.readInt();
            List<VariableQuality> quality = new ArrayList<>(d);
            for (int j = 0; j < d; j++) {
                quality.add(new VariableQuality(variables.get(j), in.readDouble(), in.readBoolean(),
                        in.readBoolean()));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model: trailing bytes");
            }
            return new PcaModel(variables, mean, scale, included, basis, residualScale, changeScale, threshold,
                    correlation, changeWindow, window, changeMin, scoreRows, adaptation, peakRatio, tail,
                    new TrainingReport(rows, k, threshold, quality));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model", e);
        }
    }

    private static Adaptation readAdaptation(DataInputStream in, int d, int scoreRows) throws IOException {
        double rate = in.readDouble();
        double cap = in.readDouble();
        int levels = in.readInt();
        if (!(rate >= 0 && rate < 1 && cap >= 1) || levels != (rate > 0 ? d : 0) || 4L * levels > in.available()) {
            throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model");
        }
        float[] level = new float[levels];
        for (int j = 0; j < levels; j++) {
            level[j] = in.readFloat();
        }
        int held = in.readInt();
        if (held < 0 || held > scoreRows - 1 || 8L * held > in.available()) {
            throw new IllegalArgumentException("corrupt " + PcaEngine.NAME + " model");
        }
        double[] recent = new double[held];
        for (int k = 0; k < held; k++) {
            recent[k] = in.readDouble();
        }
        return new Adaptation(rate, cap, level, recent);
    }
}
