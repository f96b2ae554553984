package dev.vigil.detection.multivariate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Multivariate engine {@code vigil-pca}: principal-component residuals and sudden changes, each scored per
 * variable against that variable's own usual size, combined per variable by their geometric mean, and (an option,
 * {@link MultivariateSettings#adaptive()}) judged against that variable's own recent level.
 *
 * <p>Training, on an n x d matrix:
 * <ol>
 * <li>each variable is standardised, {@code z = (x - mean) / s} with {@code s = max(std, 1e-3 max(1, |mean|))}
 *     (the floor keeps constant variables finite: a change of a variable that never moved scores high);
 *     missing values and excluded variables become 0 (the mean);</li>
 * <li>the covariance of z is decomposed (Commons Math {@link EigenDecomposition}); the first k components that
 *     explain {@code varianceFraction} of the variance span the normal subspace, {@code k <= d - 1};</li>
 * <li>per variable, the residual {@code r = z - P P^T z} (what the other variables do not explain) and the change
 *     {@code c_t = z_t - mean(z_{t-L}..z_{t-1})}, {@code L = changeWindow}, have usual sizes
 *     {@code e_j = max(std(r_j), 0.05)} and {@code f_j = max(std(c_j), 0.05)} over the training rows;</li>
 * <li>a variable's score is {@code g_j = sqrt(|r_j| / e_j * |c_j| / f_j)}: high only when the value is both off
 *     the correlation structure and a sudden departure from its own recent level, which keeps slow drifts and
 *     lasting but explained levels quiet; a row's raw score is {@code max_j g_j}, and its score the mean of the
 *     raw scores of the last {@code scoreRows} rows (itself included: an event lasts, a one-row blip halves);</li>
 * <li>version 4 ({@code adaptRate} &gt; 0): before the maximum, each {@code g_j} is divided by
 *     {@code sqrt(max(1, v_j))}, where {@code v_j} is an exponentially weighted mean of {@code min(g_j, adaptCap)^2}
 *     over the rows before (weight {@code adaptRate} on the newest, 1 at the start of training): a variable that
 *     became noisier, in training or later, is judged against its new noise, but a lasting fault is damped by at
 *     most {@code adaptCap}; the training scores are judged the same way before calibration;</li>
 * <li>the threshold is {@code thresholdFactor} times the {@code calibrationQuantile} of the training rows' scores
 *     (at least 1), after isolated one-row spikes in them are trimmed ({@code trimSpikes}: each capped at the larger
 *     of its neighbours), so that a few spikes in the training span do not set it (version 3).</li>
 * <li>version 5 ({@code peakRatio} &gt; 0): within a stretch of rows whose scores are above the threshold, a row
 *     is anomalous only while its score is also above {@code peakRatio} times the stretch's highest score so far,
 *     so the slow decay after a fault's peak (still far above the threshold when the variable's training was
 *     quiet) is not flagged row by row, while a plateau or a second, higher peak is.</li>
 * </ol>
 * A scored row's contributions are {@code g_j^2} normalised to sum 1 (version 4: inside a run of anomalous rows,
 * these shares summed over the run so far, normalised: where a lasting fault started names its causes better
 * than its later rows), its expected values
 * {@code mean + s (P P^T z)_j}. The residual part is the PCA baseline of Garg et al. (IEEE TNNLS 2021) with
 * per-variable error scaling; the change part is a channel-wise prediction error (the prediction being the recent
 * mean). Both alone, and the alternatives measured against them, are listed in BENCHMARKS.md. A sustained fault is
 * flagged where it starts (and where it changes), not on every row it lasts.
 *
 * <p>Values so large that a mean or the covariance overflows (near {@code Double.MAX_VALUE}) fail training with a
 * reason, as too little history does; the callers keep |value| within 1e100, far from that.
 *
 * <p>Cost: O(n d^2) for the covariance, O(d^3) for the decomposition, O(n d k) for the residuals; 8,640 rows of
 * 300 variables train in a few seconds. Stateless and thread-safe.
 */
public final class PcaEngine implements MultivariateEngine {

    public static final String NAME = "vigil-pca";
    public static final int VERSION = 5;
    /**
     * Version 2 models (no score smoothing, thresholds from untrimmed scores), version 3 models (no adaptation
     * to each variable's recent level) and version 4 models (no peak ratio) still load and score as before.
     */
    static final int OLDEST_READABLE = 2;
    static final double RESIDUAL_FLOOR = 0.05;
    static final double RELATIVE_SCALE_FLOOR = 1e-3;
    static final double MIN_THRESHOLD = 1.0;

    private final MultivariateSettings settings;

    public PcaEngine(MultivariateSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public boolean reads(String engine, int version) {
        return NAME.equals(engine) && version >= OLDEST_READABLE && version <= VERSION;
    }

    @Override
    public MultivariateModel restore(byte[] snapshot) {
        return PcaModelCodec.decode(snapshot);
    }

    @Override
    public TrainingOutcome train(TrainingData data) {
        double[][] x = data.rows();
        int n = x.length;
        int d = data.variables().size();
        double[] mean = new double[d];
        double[] scale = new double[d];
        boolean[] included = new boolean[d];
        List<VariableQuality> quality = describe(data, mean, scale, included);
        int usable = 0;
        for (boolean b : included) {
            usable += b ? 1 : 0;
        }
        int needed = Math.max(settings.minRows(), usable + 1);
        if (n < needed) {
            return TrainingOutcome.failed(String.format(Locale.ROOT,
                    "too little history: %d rows, at least %d needed", n, needed), report(n, 0, quality));
        }
        if (usable < 2) {
            return TrainingOutcome.failed(String.format(Locale.ROOT,
                    "too few usable variables: %d of %d have values in at least %.0f %% of the rows", usable, d,
                    100 * (1 - settings.maxMissingRatio())), report(n, 0, quality));
        }
        double[][] z = standardise(x, mean, scale, included);
        double[][] cov = covariance(z);
        if (!finite(mean) || !finite(cov)) {
            // values near Double.MAX_VALUE overflow the sums; the eigen-decomposition would then never converge
            return TrainingOutcome.failed("the values are too large to train on: their mean or covariance is not"
                    + " a finite number (keep |value| within 1e100)", report(n, 0, quality));
        }
        double[][] basis = components(cov, settings.varianceFraction());
        int k = basis.length == 0 ? 0 : basis[0].length;
        double[] residualScale = new double[d];
        double[] changeScale = new double[d];
        double[][] g = variableScores(z, basis, settings.changeWindow(), residualScale, changeScale);
        Adaptation adaptation = adapt(g, settings);
        double[] scores = calibrationScores(rowScores(g), settings.scoreRows(), settings.trimSpikes());
        Arrays.sort(scores);
        double q = scores[Math.min(n - 1, (int) Math.ceil(settings.calibrationQuantile() * n) - 1)];
        double threshold = Math.max(MIN_THRESHOLD, settings.thresholdFactor() * q);
        TrainingReport report = new TrainingReport(n, k, threshold, quality);
        double[][] tail = Arrays.copyOfRange(z, Math.max(0, n - settings.correlationWindow()), n);
        PcaModel model = new PcaModel(data.variables(), mean, scale, included, basis, residualScale, changeScale,
                threshold, correlations(cov), settings.changeWindow(), settings.correlationWindow(),
                settings.correlationChangeMin(), settings.scoreRows(), adaptation, settings.peakRatio(), tail, report);
        return TrainingOutcome.ready(model);
    }

    /** Fills mean, scale and included; returns each variable's data quality. */
    private List<VariableQuality> describe(TrainingData data, double[] mean, double[] scale, boolean[] included) {
        double[][] x = data.rows();
        int n = x.length;
        List<VariableQuality> quality = new ArrayList<>();
        for (int j = 0; j < mean.length; j++) {
            int count = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                double v = row[j];
                if (Double.isFinite(v)) {
                    count++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double m = count > 0 ? sum / count : 0;
            double ss = 0;
            for (double[] row : x) {
                if (Double.isFinite(row[j])) {
                    ss += (row[j] - m) * (row[j] - m);
                }
            }
            double missing = n == 0 ? 1 : 1 - (double) count / n;
            mean[j] = m;
            scale[j] = Math.max(count > 1 ? Math.sqrt(ss / (count - 1)) : 0,
                    RELATIVE_SCALE_FLOOR * Math.max(1, Math.abs(m)));
            included[j] = count > 0 && missing <= settings.maxMissingRatio();
            quality.add(new VariableQuality(data.variables().get(j), missing, count > 0 && max == min,
                    !included[j]));
        }
        return quality;
    }

    private static double[][] standardise(double[][] x, double[] mean, double[] scale, boolean[] included) {
        int d = mean.length;
        double[][] z = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[i][j];
                z[i][j] = included[j] && Double.isFinite(v) ? (v - mean[j]) / scale[j] : 0;
            }
        }
        return z;
    }

    /** Covariance of standardised columns (their means are 0 up to missing values, which count as 0). */
    private static double[][] covariance(double[][] z) {
        int d = z[0].length;
        double[][] c = new double[d][d];
        for (double[] row : z) {
            for (int i = 0; i < d; i++) {
                double zi = row[i];
                if (zi == 0) {
                    continue;
                }
                double[] ci = c[i];
                for (int j = i; j < d; j++) {
                    ci[j] += zi * row[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i][j] /= z.length - 1;
                c[j][i] = c[i][j];
            }
        }
        return c;
    }

    private static boolean finite(double[]... rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The leading eigenvectors as columns of a d x k matrix, k &lt;= d - 1 ({@code new double[d][0]} if none). */
    static double[][] components(double[][] cov, double varianceFraction) {
        int d = cov.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        double total = 0;
        for (int i = 0; i < d; i++) {
            order[i] = i;
            total += Math.max(0, values[i]);
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        int k = 0;
        double explained = 0;
        while (total > 0 && k < d - 1 && explained < varianceFraction * total) {
            explained += Math.max(0, values[order[k]]);
            k++;
        }
        RealMatrix vectors = eig.getV();
        double[][] basis = new double[d][k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                basis[j][c] = vectors.getEntry(j, order[c]);
            }
        }
        return basis;
    }

    /** Each training row's variable scores; fills each variable's usual residual and usual change. */
    private static double[][] variableScores(double[][] z, double[][] basis, int changeWindow, double[] residualScale,
                                           double[] changeScale) {
        int n = z.length;
        int d = residualScale.length;
        double[][] r = new double[n][];
        double[][] c = changes(z, changeWindow);
        double[] rss = new double[d];
        double[] css = new double[d];
        double[] proj = new double[basis[0].length];
        for (int i = 0; i < n; i++) {
            r[i] = PcaModel.residual(z[i], basis, proj, new double[d]);
            for (int j = 0; j < d; j++) {
                rss[j] += r[i][j] * r[i][j];
                css[j] += c[i][j] * c[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            residualScale[j] = Math.max(RESIDUAL_FLOOR, Math.sqrt(rss[j] / Math.max(1, n - 1)));
            changeScale[j] = Math.max(RESIDUAL_FLOOR, Math.sqrt(css[j] / Math.max(1, n - 1)));
        }
        double[][] g = r; // each residual row is read once, just before it is overwritten
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                g[i][j] = PcaModel.combined(r[i][j], residualScale[j], c[i][j], changeScale[j]);
            }
        }
        return g;
    }

    /**
     * Judges the training rows' variable scores in place against each variable's recent level, as scoring will
     * (version 4); returns where a scoring state starts: the levels and raw row scores after the last row.
     */
    private static Adaptation adapt(double[][] g, MultivariateSettings settings) {
        if (settings.adaptRate() == 0) {
            return Adaptation.NONE;
        }
        int d = g[0].length;
        float[] start = new float[d];
        Arrays.fill(start, 1f);
        Adaptation a = new Adaptation(settings.adaptRate(), settings.adaptCap(), start, new double[0]);
        ScoringState levels = a.newState(d, 3);
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] = a.judge(j, row[j], levels);
            }
        }
        float[] level = new float[d];
        for (int j = 0; j < d; j++) {
            level[j] = (float) levels.level(j);
        }
        double[] raw = rowScores(g);
        double[] recent = new double[Math.min(raw.length, settings.scoreRows() - 1)];
        for (int k = 0; k < recent.length; k++) {
            recent[k] = raw[raw.length - 1 - k];
        }
        return new Adaptation(a.rate(), a.cap(), level, recent);
    }

    /** Each row's raw score: its largest variable score. */
    private static double[] rowScores(double[][] g) {
        double[] scores = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            double s = 0;
            for (double v : g[i]) {
                s = Math.max(s, v);
            }
            scores[i] = s;
        }
        return scores;
    }

    /**
     * The training rows' scores as the threshold sees them: each the mean of its row's raw score and the
     * {@code rows - 1} before it (fewer at the start), as scoring computes them; with {@code trim}, each then capped
     * at the larger of its two neighbours, so that an isolated one-row spike does not count towards the quantile.
     */
    static double[] calibrationScores(double[] raw, int rows, boolean trim) {
        int n = raw.length;
        double[] smooth = new double[n];
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += raw[t] - (t >= rows ? raw[t - rows] : 0);
            smooth[t] = sum / Math.min(t + 1, rows);
        }
        if (!trim) {
            return smooth;
        }
        double[] trimmed = new double[n];
        for (int t = 0; t < n; t++) {
            double neighbour = Math.max(t > 0 ? smooth[t - 1] : 0, t < n - 1 ? smooth[t + 1] : 0);
            trimmed[t] = Math.min(smooth[t], neighbour);
        }
        return trimmed;
    }

    /** {@code z_t - mean(z_{t-L}..z_{t-1})} per row (fewer previous rows at the start; 0 for the first row). */
    private static double[][] changes(double[][] z, int window) {
        int n = z.length;
        int d = z[0].length;
        double[][] c = new double[n][d];
        double[] sum = new double[d];
        for (int t = 0; t < n; t++) {
            int held = Math.min(t, window);
            for (int j = 0; j < d; j++) {
                c[t][j] = held == 0 ? 0 : z[t][j] - sum[j] / held;
                sum[j] += z[t][j] - (t >= window ? z[t - window][j] : 0);
            }
        }
        return c;
    }

    /** Training correlations, 0 where a variable never varied. */
    private static float[][] correlations(double[][] cov) {
        int d = cov.length;
        float[][] corr = new float[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double den = Math.sqrt(cov[i][i] * cov[j][j]);
                corr[i][j] = den > 1e-12 ? (float) (cov[i][j] / den) : 0f;
            }
        }
        return corr;
    }

    private static TrainingReport report(int rows, int components, List<VariableQuality> quality) {
        return new TrainingReport(rows, components, Double.NaN, quality);
    }
}
