package dev.vigil.detection.multivariate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A trained {@link PcaEngine} model (see there for the formulas). Immutable and thread-safe; the arrays are never
 * exposed.
 */
final class PcaModel implements MultivariateModel {

    /** How many of an anomalous row's top contributors get correlation changes (each costs d x window). */
    static final int CORRELATION_TOP = 3;
    /** At most this many correlation changes per contributor, largest first. */
    static final int CORRELATION_CHANGES_MAX = 3;

    final List<String> variables;
    final double[] mean;
    final double[] scale;
    final boolean[] included;
    final double[][] basis;
    final double[] residualScale;
    final double[] changeScale;
    final double threshold;
    final float[][] correlation;
    final int changeWindow;
    final int correlationWindow;
    final double correlationChangeMin;
    /** A row's score is the mean of this many newest rows' raw scores (1 in version-2 models). */
    final int scoreRows;
    /** Judging each variable against its own recent level (version 4), or {@link Adaptation#NONE}. */
    final Adaptation adaptation;
    /**
     * Inside a stretch of rows above the threshold, a row is anomalous only if its score is also above this share
     * of the stretch's highest score so far (version 5; 0 in older models): a fault's decay is not flagged row by
     * row after its peak.
     */
    final double peakRatio;
    /** The newest training rows (standardised), which a new scoring state starts from. */
    final double[][] tail;
    final TrainingReport report;

    PcaModel(List<String> variables, double[] mean, double[] scale, boolean[] included, double[][] basis,
             double[] residualScale, double[] changeScale, double threshold, float[][] correlation,
             int changeWindow, int correlationWindow, double correlationChangeMin, int scoreRows,
             Adaptation adaptation, double peakRatio, double[][] tail, TrainingReport report) {
        this.variables = List.copyOf(variables);
        this.mean = mean;
        this.scale = scale;
        this.included = included;
        this.basis = basis;
        this.residualScale = residualScale;
        this.changeScale = changeScale;
        this.threshold = threshold;
        this.correlation = correlation;
        this.changeWindow = changeWindow;
        this.correlationWindow = correlationWindow;
        this.tail = tail;
        this.correlationChangeMin = correlationChangeMin;
        this.scoreRows = scoreRows;
        this.adaptation = adaptation;
        this.peakRatio = peakRatio;
        this.report = report;
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public TrainingReport report() {
        return report;
    }

    @Override
    public ScoringState newState() {
        ScoringState state = adaptation.newState(variables.size(), correlationWindow, peakRatio > 0);
        for (double[] z : tail) {
            state.add(z);
        }
        return state;
    }

    @Override
    public byte[] snapshot() {
        return PcaModelCodec.encode(this);
    }

    @Override
    public RowScore score(double[] row, ScoringState state) {
        int d = variables.size();
        if (row == null || row.length != d) {
            throw new IllegalArgumentException("a row must have " + d + " values");
        }
        if (state.width() != d) {
            throw new IllegalArgumentException("the state is for " + state.width() + " variables, not " + d);
        }
        if (adaptation.on() != state.adaptive() || (peakRatio > 0) != state.peaks()) {
            throw new IllegalArgumentException("the state is of another model (start one with newState)");
        }
        double[] z = new double[d];
        boolean[] present = new boolean[d];
        for (int j = 0; j < d; j++) {
            present[j] = included[j] && Double.isFinite(row[j]);
            z[j] = present[j] ? (row[j] - mean[j]) / scale[j] : 0;
        }
        double[] reconstruction = new double[d];
        double[] r = residual(z, basis, new double[basis[0].length], reconstruction);
        int held = Math.min(changeWindow, state.filled());
        double[] a2 = new double[d];
        double score = 0;
        double total = 0;
        for (int j = 0; j < d; j++) {
            double change = 0;
            if (present[j] && held > 0) {
                double sum = 0;
                for (int k = 0; k < held; k++) {
                    sum += state.get(k, j);
                }
                change = z[j] - sum / held;
            }
            double g = present[j] ? combined(r[j], residualScale[j], change, changeScale[j]) : 0;
            if (present[j] && adaptation.on()) {
                g = adaptation.judge(j, g, state);
            }
            a2[j] = g * g;
            total += a2[j];
            score = Math.max(score, g);
            if (!present[j]) {
                z[j] = reconstruction[j]; // the state remembers the expected value in place of a missing one
            }
        }
        double sum = score;
        int rows = 1;
        if (adaptation.on()) {
            // the newest earlier rows' raw scores, as the state holds them (they depend on the levels of their time)
            for (int k = 0; k < scoreRows - 1 && k < state.held(); k++) {
                sum += state.recent(k);
                rows++;
            }
            state.push(score);
        } else {
            // recomputed from the state (it holds their standardised values), as versions 2 and 3 did
            for (int k = 0; k < scoreRows - 1 && k < state.filled(); k++) {
                sum += heldRowScore(k, state);
                rows++;
            }
        }
        score = sum / rows;
        state.add(z);
        boolean anomaly = score > threshold;
        if (peakRatio > 0) {
            anomaly = anomaly && score > peakRatio * state.peak();
            state.peak(score > threshold ? Math.max(state.peak(), score) : 0);
        }
        double severity = anomaly ? Math.min(1, Math.max(0, 1 - threshold / score)) : 0;
        if (adaptation.on()) {
            a2 = runShares(a2, total, present, anomaly, state);
            total = 1;
        }
        int[] order = byDescending(a2);
        List<Contribution> interpretation = new ArrayList<>(d);
        for (int rank = 0; rank < d; rank++) {
            int j = order[rank];
            List<CorrelationChange> changes = anomaly && rank < CORRELATION_TOP && a2[j] > 0
                    ? correlationChanges(j, state) : List.of();
            interpretation.add(new Contribution(variables.get(j), total > 0 ? a2[j] / total : 0, row[j],
                    mean[j] + scale[j] * reconstruction[j], changes));
        }
        return new RowScore(anomaly, score, severity, interpretation);
    }

    /**
     * Inside a run of anomalous rows, the run's shares so far (version 4): where a lasting fault started names its
     * causes better than its later rows, whose changes have faded. Sums to 1 unless every share is 0.
     */
    private static double[] runShares(double[] a2, double total, boolean[] present, boolean anomaly,
                                      ScoringState state) {
        int d = a2.length;
        double[] shares = new double[d];
        for (int j = 0; j < d; j++) {
            shares[j] = total > 0 ? a2[j] / total : 0;
        }
        shares = state.run(shares, anomaly);
        double sum = 0;
        for (int j = 0; j < d; j++) {
            shares[j] = present[j] ? shares[j] : 0; // a missing value contributes nothing, even inside a run
            sum += shares[j];
        }
        for (int j = 0; j < d && sum > 0; j++) {
            shares[j] /= sum;
        }
        return shares;
    }

    /** The raw score (largest variable score) of the k-th newest row the state holds, from the rows before it. */
    private double heldRowScore(int k, ScoringState state) {
        int d = variables.size();
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = state.get(k, j);
        }
        double[] r = residual(z, basis, new double[basis[0].length], new double[d]);
        int held = Math.min(changeWindow, state.filled() - k - 1);
        double score = 0;
        for (int j = 0; j < d; j++) {
            if (!included[j] || held <= 0) {
                continue;
            }
            double sum = 0;
            for (int i = 1; i <= held; i++) {
                sum += state.get(k + i, j);
            }
            score = Math.max(score, combined(r[j], residualScale[j], z[j] - sum / held, changeScale[j]));
        }
        return score;
    }

    /** A variable's score: the geometric mean of its scaled residual and its scaled change. */
    static double combined(double residual, double residualScale, double change, double changeScale) {
        return Math.sqrt(Math.abs(residual) / residualScale * Math.abs(change) / changeScale);
    }

    /** Indices of {@code v} by descending value, ties by index (stable insertion sort: d is tens to hundreds). */
    static int[] byDescending(double[] v) {
        int[] order = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            int j = i;
            while (j > 0 && v[order[j - 1]] < v[i]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    /**
     * The residual {@code z - P P^T z}; fills {@code reconstruction} with {@code P P^T z}.
     *
     * @param proj scratch of length k
     */
    static double[] residual(double[] z, double[][] basis, double[] proj, double[] reconstruction) {
        int d = z.length;
        int k = proj.length;
        Arrays.fill(proj, 0);
        for (int j = 0; j < d; j++) {
            double zj = z[j];
            if (zj != 0) {
                double[] bj = basis[j];
                for (int c = 0; c < k; c++) {
                    proj[c] += bj[c] * zj;
                }
            }
        }
        double[] r = new double[d];
        for (int j = 0; j < d; j++) {
            double[] bj = basis[j];
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += bj[c] * proj[c];
            }
            reconstruction[j] = s;
            r[j] = z[j] - s;
        }
        return r;
    }

    /** Variables whose correlation with {@code j} over the state's recent rows moved most from training. */
    private List<CorrelationChange> correlationChanges(int j, ScoringState state) {
        int w = state.filled();
        if (w < 3) {
            return List.of();
        }
        int d = variables.size();
        double[] xj = column(state, j, w);
        double vj = centre(xj);
        if (vj <= 1e-12) {
            return List.of();
        }
        List<CorrelationChange> changes = new ArrayList<>();
        for (int l = 0; l < d; l++) {
            if (l == j || !included[l]) {
                continue;
            }
            double[] xl = column(state, l, w);
            double vl = centre(xl);
            if (vl <= 1e-12) {
                continue;
            }
            double c = 0;
            for (int i = 0; i < w; i++) {
                c += xj[i] * xl[i];
            }
            double change = c / Math.sqrt(vj * vl) - correlation[j][l];
            if (Math.abs(change) >= correlationChangeMin) {
                changes.add(new CorrelationChange(variables.get(l), change));
            }
        }
        changes.sort(Comparator.comparingDouble(c -> -Math.abs(c.change())));
        return changes.size() > CORRELATION_CHANGES_MAX ? changes.subList(0, CORRELATION_CHANGES_MAX) : changes;
    }

    private static double[] column(ScoringState state, int j, int w) {
        double[] x = new double[w];
        for (int i = 0; i < w; i++) {
            x[i] = state.get(i, j);
        }
        return x;
    }

    /** Subtracts the mean in place; returns the sum of squares. */
    private static double centre(double[] x) {
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double ss = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] -= m;
            ss += x[i] * x[i];
        }
        return ss;
    }
}
