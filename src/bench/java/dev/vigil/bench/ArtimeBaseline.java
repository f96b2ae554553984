package dev.vigil.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * ARTime, the best anchor (77.6 / 68.3 / 82.8 on NAB's hidden files), re-built from its published algorithm
 * as a third anchor for the pooled judge ({@code bench/pooled.py}), and to measure what it gains from what NAB hands
 * every detector before the first value: the file's minimum, maximum and length. It reproduces ARTime's published
 * result files for NAB's realKnownCause category (all 81 non-zero scores, to 1e-16); it is a measuring instrument in
 * the bench sources, not part of Vigil. ARTime scales values by the file's range and sets its probation (15 % of the
 * file, at most 750 values) and with it its time scale (a block of probation / 104 values) by the file's length. A
 * pipeline knows neither, so the variants replace each by what a streaming detector has:
 *
 * <ul>
 *   <li>{@code -Dartime.range=file} (NAB's way, the default), {@code past} (the smallest and largest value so far) or
 *       {@code probation} (those of the probation, held afterwards, values beyond clipped);</li>
 *   <li>{@code -Dartime.probation=0} (from the file's length, NAB's way, the default) or a fixed count of values.</li>
 * </ul>
 *
 * <p>The algorithm (Hampton 2021; fuzzy ART after Carpenter, Grossberg and Rosen 1991, dual vigilance after da Silva
 * et al. 2019): values are taken in blocks; a block is represented by its mean unless its extreme on the side away
 * from a running average departs from the mean by 10 % or more. Block values are scaled to [0, 1], cut to 80 levels
 * and snapped to the running median level when within 0.075 of it. The last 8 block values and their Haar transform
 * (each min-max scaled) form a 16-dimensional input, complement coded, for a dual-vigilance fuzzy ART whose match
 * weighs the box's similarity cubed and the newest value's similarity squared. The probation's inputs are clustered in
 * one batch (least typical first) to find the first vigilance; afterwards the lower vigilance follows the least
 * similarity of the last half trend window and the upper one the mean similarity. An input no category resonates
 * with is an anomaly unless a recent one masks it; its score is its confidence, from how far its similarity lies
 * below both vigilances and how far its newest value lies outside the best box.
 *
 * <p>Writes a run folder in {@code TuningSweep}'s layout, like {@link RcfBaseline}:
 * <pre>
 *   ./mvnw -q -Pbench test-compile
 *   java -cp target/test-classes:target/classes dev.vigil.bench.ArtimeBaseline target/sweep/runs/artime \
 *       nab=../shared/datasets/nab/data nabx=target/nabx/data servers=target/servers/data \
 *       kpi=../shared/datasets/kpi/data
 * </pre>
 */
public final class ArtimeBaseline {

    private static final String RANGE = System.getProperty("artime.range", "file");
    private static final boolean FILE_RANGE = RANGE.equals("file");
    /** With {@code -Dartime.range=probation} the range of the probation's values, held (and values clipped) after. */
    private static final boolean HELD_RANGE = RANGE.equals("probation");
    private static final int FIXED_PROBATION = Integer.getInteger("artime.probation", 0);
    /** Haar details as (odd - even) / sqrt 2, the sign that reproduces ARTime's published results. */
    private static final double DETAIL_SIGN = -1;

    private ArtimeBaseline() {
    }

    public static void main(String[] args) throws IOException {
        BaselineRuns.run(args, (name, in, run) -> name.equals("kpi") ? scoreKpis(in, run.resolve("kpi"))
                : scoreAll(in, run.resolve(name).resolve("vigil")));
    }

    private static long scoreAll(Path in, Path out) throws IOException {
        long rows = 0;
        for (Path csv : BaselineRuns.csvFiles(in)) {
            List<String> lines = Files.readAllLines(csv);
            List<String> stamps = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    int comma = line.indexOf(',');
                    stamps.add(line.substring(0, comma));
                    texts.add(line.substring(comma + 1).trim());
                }
            }
            double[] x = texts.stream().mapToDouble(BaselineRuns::parse).toArray();
            double min = Arrays.stream(x).filter(Double::isFinite).min().orElse(0);
            double max = Arrays.stream(x).filter(Double::isFinite).max().orElse(0);
            Detector detector = new Detector(min, max, x.length);
            Path target = BaselineRuns.resultFile(in, out, csv);
            try (BufferedWriter w = Files.newBufferedWriter(target)) {
                w.write("timestamp,value,anomaly_score\n");
                for (int i = 0; i < x.length; i++) {
                    double s = Double.isFinite(x[i]) ? detector.next(x[i]) : 0;
                    w.write(stamps.get(i) + "," + texts.get(i) + "," + String.format(Locale.ROOT, "%.6f", s) + "\n");
                }
            }
            rows += x.length;
        }
        return rows;
    }

    /** The AIOps KPIs ({@code <id>.csv.gz}: timestamp, value, label) as {@code bench/kpi_score.py} reads them. */
    private static long scoreKpis(Path in, Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(in)) {
            files = list.filter(p -> p.toString().endsWith(".csv.gz")).sorted().toList();
        }
        Files.createDirectories(out);
        long rows = 0;
        for (Path gz : files) {
            List<double[]> data = new ArrayList<>();
            var unzipped = new GZIPInputStream(Files.newInputStream(gz));
            try (BufferedReader r = new BufferedReader(new InputStreamReader(unzipped, StandardCharsets.UTF_8))) {
                r.readLine();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",");
                    data.add(new double[] {BaselineRuns.parse(f[1]), Double.parseDouble(f[2])});
                }
            }
            double min = data.stream().mapToDouble(d -> d[0]).filter(Double::isFinite).min().orElse(0);
            double max = data.stream().mapToDouble(d -> d[0]).filter(Double::isFinite).max().orElse(0);
            Detector detector = new Detector(min, max, data.size());
            String name = gz.getFileName().toString().replace(".csv.gz", ".csv");
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve(name))) {
                for (double[] d : data) {
                    double s = Double.isFinite(d[0]) ? detector.next(d[0]) : 0;
                    w.write(String.format(Locale.ROOT, "%.6f,%d%n", s, (int) d[1]));
                }
            }
            rows += data.size();
        }
        return rows;
    }

    /** One file's detector: blocks, levels, features, and the vigilance schedule around {@link Art}. */
    static final class Detector {
        private static final int WINDOW = 8;
        private static final int LEVELS = 80;
        private static final double SNAP = 0.075;

        private double low;
        private double high;
        private final int block;
        private final int probationLength;
        private final int trend;
        private final int mask;

        private final double[] blockValues;
        private int inBlock;
        private long seen;
        private double runningMean;
        private final long[] levelCounts = new long[LEVELS + 1];
        private int medianLevel;
        private long belowMedian;
        private long aboveMedian;
        private final double[] recent = new double[WINDOW];
        private int tick;

        private final Art art = new Art(2 * WINDOW);
        private final List<double[]> probation = new ArrayList<>();
        private final List<Double> similarities = new ArrayList<>();
        private double similaritySum;
        private final double[] lastHalfTrend;
        private final double[] shortfalls;
        private int lastAnomaly;
        private double lastAnomalySimilarity;
        private int lastUpdate;
        private boolean maskAfterNew;
        private int sinceNew;
        private final List<Double> anomalySimilarities = new ArrayList<>();

        Detector(double min, double max, int length) {
            low = FILE_RANGE ? min : Double.NaN;
            high = FILE_RANGE ? max : Double.NaN;
            int p = FIXED_PROBATION > 0 ? FIXED_PROBATION : length < 5000 ? (int) Math.floor(0.15 * length) : 750;
            p -= p % 2;
            probationLength = p;
            block = Math.max(1, p / (WINDOW * 13));
            trend = Math.max(WINDOW + 2, p / block);
            mask = WINDOW * 3 / 2;
            blockValues = new double[block];
            lastHalfTrend = new double[trend / 2 + 1];
            Arrays.fill(lastHalfTrend, 1);
            shortfalls = new double[trend + 1];
        }

        double next(double x) {
            if (!FILE_RANGE && !(HELD_RANGE && seen >= probationLength)) {
                low = Double.isNaN(low) ? x : Math.min(low, x);
                high = Double.isNaN(high) ? x : Math.max(high, x);
            }
            blockValues[(int) (seen % block)] = x;
            seen++;
            if (seen < block || seen % block != 0) {
                return 0;
            }
            tick++;
            double value = level(representative());
            System.arraycopy(recent, 1, recent, 0, WINDOW - 1);
            recent[WINDOW - 1] = value;
            double[] features = new double[2 * WINDOW];
            if (tick >= WINDOW) {
                double[] shape = minMax(recent.clone());
                System.arraycopy(minMax(haar(shape)), 0, features, 0, WINDOW);
                System.arraycopy(recent, 0, features, WINDOW, WINDOW);
            }
            if (tick < trend) {
                probation.add(features);
                return 0;
            }
            if (tick == trend) {
                probation.add(features);
                double rho = firstVigilance(probation.subList(WINDOW - 1, trend));
                art.lower = rho;
                art.upper = rho;
                for (int i = 0; i < probation.size(); i++) {
                    judge(probation.get(i), i + 1);
                }
                probation.clear();
                return 0;
            }
            return judge(features, tick);
        }

        /** The block's mean, or its extreme on the side away from the running average when that departs by 10 %. */
        private double representative() {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : blockValues) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / block;
            runningMean = tick == 1 ? mean : runningMean;
            runningMean = (runningMean + mean) / 2;
            double extreme = Math.abs(max - runningMean) < Math.abs(min - runningMean) ? min : max;
            return Math.abs(extreme - mean) < 0.1 * mean ? mean : extreme;
        }

        /** Scaled to the range, cut to 80 levels, snapped to the median level nearby. */
        private double level(double v) {
            double scaled = v - low;
            if (high != low) {
                scaled /= high - low;
            }
            int level = (int) Math.max(0, Math.min(LEVELS, Math.rint(scaled * LEVELS)));
            levelCounts[level]++;
            int median = trackMedian(level);
            double value = level / (double) LEVELS;
            double med = median / (double) LEVELS;
            return Math.abs(value - med) < SNAP ? med : value;
        }

        /**
         * ARTime's median pointer: the counts above and below the pointed level are kept, and the pointer moves by
         * one occupied level per block when either side holds more than half (an approximate running median).
         */
        private int trackMedian(int level) {
            if (tick == 1) {
                medianLevel = level;
            }
            if (level < medianLevel) {
                belowMedian++;
            } else if (level > medianLevel) {
                aboveMedian++;
            }
            int half = tick / 2;
            if (half < aboveMedian) {
                belowMedian += levelCounts[medianLevel];
                do {
                    medianLevel++;
                } while (levelCounts[medianLevel] == 0);
                aboveMedian -= levelCounts[medianLevel];
            } else if (half < belowMedian) {
                aboveMedian += levelCounts[medianLevel];
                do {
                    medianLevel--;
                } while (levelCounts[medianLevel] == 0);
                belowMedian -= levelCounts[medianLevel];
            }
            return medianLevel;
        }

        private double judge(double[] features, int i) {
            boolean rebaseAfterAnomaly = i - lastAnomaly == mask;
            boolean rebaseForTrend = i - lastUpdate >= trend / 2;
            boolean recentAnomaly = i - lastAnomaly <= mask;
            if (i > trend + mask && maskAfterNew && sinceNew >= mask) {
                maskAfterNew = false;
            }
            // inputs before the first full window are presented unlearned and count as new (they set the masks)
            boolean newCluster = art.present(features, i >= WINDOW) || i < WINDOW;
            double similarity = art.similarity;
            sinceNew = newCluster ? 0 : sinceNew + 1;
            similarities.add(similarity);
            similaritySum += similarity;
            shift(lastHalfTrend, similarity);
            shift(shortfalls, art.upper - similarity);
            if (i - lastAnomaly < mask && !anomalySimilarities.isEmpty()) {
                int last = anomalySimilarities.size() - 1;
                anomalySimilarities.set(last, Math.min(anomalySimilarities.get(last), similarity));
            }
            boolean masked = maskAfterNew || recentAnomaly;
            boolean farBelowLast = similarity < lastAnomalySimilarity * (recentAnomaly ? 0.9 : 0.7);
            double score = 0;
            if (i > trend && newCluster && (!masked || farBelowLast)) {
                score = confidence(similarity, art.newestSimilarity);
                anomalySimilarities.add(similarity);
                lastAnomalySimilarity = similarity;
                lastAnomaly = i;
            }
            maskAfterNew |= newCluster;
            if (i > trend && (rebaseAfterAnomaly || rebaseForTrend)) {
                rebase(i);
            }
            return score;
        }

        /** Lower vigilance towards the least recent similarity (or down by recent shortfalls), upper at the mean. */
        private void rebase(int i) {
            double least = Arrays.stream(lastHalfTrend).min().orElse(1);
            double upper = Math.min(0.97, similaritySum / similarities.size());
            double lower = art.lower;
            if (lower <= least) {
                lower += (least - lower) * 0.19;
            } else {
                double step = 0;
                if (i > 2 * trend) {
                    step = Arrays.stream(shortfalls).filter(d -> d > 0.05).map(d -> Math.min(0.37, d)).average()
                            .orElse(0);
                }
                lower -= Math.max(0.01, step) / 2;
                if (!anomalySimilarities.isEmpty()) {
                    double mean = anomalySimilarities.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                    lower = Math.max(mean, lower);
                }
            }
            art.lower = Math.min(upper, lower);
            art.upper = upper;
            lastUpdate = i;
            maskAfterNew = true;
        }

        private double confidence(double similarity, double newest) {
            double s = Math.min(0.999, similarity);
            double aboveUpper = ((1 - s) - (1 - art.upper)) / (1 - s);
            double aboveLower = ((1 - s) - (1 - art.lower)) / (1 - s);
            return Math.min(1, 0.35 * aboveUpper + 0.65 * aboveLower + 1.5 * (1 - newest));
        }

        /** The mean similarity of the probation's inputs, clustered least typical first at vigilance 0.8. */
        private double firstVigilance(List<double[]> inputs) {
            int n = inputs.size();
            double[] typicality = new double[n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    typicality[a] += a == b ? 1 : cosine(inputs.get(a), inputs.get(b));
                }
            }
            Integer[] order = new Integer[n];
            for (int a = 0; a < n; a++) {
                order[a] = a;
            }
            Arrays.sort(order, (a, b) -> Double.compare(typicality[a], typicality[b]));
            Art trial = new Art(2 * WINDOW);
            trial.lower = 0.8;
            trial.upper = 0.8;
            double sum = 0;
            int count = 0;
            for (int k = 0; k < n; k++) {
                trial.present(inputs.get(order[k]), true);
                if (k + 1 >= trend / 2) {
                    sum += trial.similarity;
                    count++;
                }
            }
            return count == 0 ? 0.8 : sum / count;
        }

        private static double cosine(double[] a, double[] b) {
            double na = norm(a);
            double nb = norm(b);
            if (na == 0 || nb == 0) {
                return 1 - (na == 0 ? nb : na);
            }
            double dot = 0;
            for (int k = 0; k < a.length; k++) {
                dot += a[k] * b[k];
            }
            return dot / (na * nb);
        }

        private static double norm(double[] a) {
            double s = 0;
            for (double v : a) {
                s += v * v;
            }
            return Math.sqrt(s);
        }

        private static void shift(double[] window, double value) {
            System.arraycopy(window, 1, window, 0, window.length - 1);
            window[window.length - 1] = value;
        }

        private static double[] minMax(double[] v) {
            double min = Arrays.stream(v).min().orElse(0);
            for (int k = 0; k < v.length; k++) {
                v[k] -= min;
            }
            double max = Arrays.stream(v).max().orElse(0);
            if (max != 0) {
                for (int k = 0; k < v.length; k++) {
                    v[k] /= max;
                }
            }
            return v;
        }

        /** Full orthonormal Haar decomposition of 8 values: the coarsest average, then details coarse to fine. */
        private static double[] haar(double[] v) {
            double[] out = new double[v.length];
            double[] current = v.clone();
            int n = v.length;
            double r = Math.sqrt(0.5);
            while (n > 1) {
                double[] next = new double[n / 2];
                for (int k = 0; k < n / 2; k++) {
                    next[k] = (current[2 * k] + current[2 * k + 1]) * r;
                    out[n / 2 + k] = DETAIL_SIGN * (current[2 * k] - current[2 * k + 1]) * r;
                }
                current = next;
                n /= 2;
            }
            out[0] = current[0];
            return out;
        }
    }

    /**
     * Dual-vigilance fuzzy ART with ARTime's match: every category at or above the upper vigilance learns (fast
     * learning); otherwise the best one at or above the lower vigilance gains a new category in its cluster; otherwise
     * a new cluster begins, which {@link #present} reports.
     */
    static final class Art {
        private final int dim;
        private final List<double[]> weights = new ArrayList<>();
        private final List<Integer> clusters = new ArrayList<>();
        private int clusterCount;
        double lower;
        double upper;
        /** The best match of the last input, and the newest value's similarity in that category. */
        double similarity;
        double newestSimilarity;

        Art(int dim) {
            this.dim = dim;
        }

        /** Returns whether the input began a new cluster (an unlearned input never does, nor the very first). */
        boolean present(double[] features, boolean learn) {
            double[] input = new double[2 * dim];
            for (int k = 0; k < dim; k++) {
                input[k] = features[k];
                input[dim + k] = 1 - features[k];
            }
            if (weights.isEmpty()) {
                double[] all = new double[2 * dim];
                Arrays.fill(all, 1);
                weights.add(all);
                clusters.add(++clusterCount);
                similarity = 0;
                newestSimilarity = 0;
                return false;
            }
            int n = weights.size();
            double[] match = new double[n];
            double[] newest = new double[n];
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                double[] w = weights.get(j);
                double common = 0;
                double size = 0;
                for (int k = 0; k < 2 * dim; k++) {
                    common += Math.min(input[k], w[k]);
                    size += w[k];
                }
                double boxSimilarity = common / (size == 0 ? 0.001 : size);
                int last = dim - 1;
                int twin = 2 * dim - 1;
                double newestCommon = Math.min(input[last], w[last]) + Math.min(input[twin], w[twin]);
                double newestSize = w[last] + w[twin];
                double e = newestCommon / newestSize;
                match[j] = boxSimilarity * boxSimilarity * boxSimilarity * e * e;
                newest[j] = e;
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(match[b], match[a]));
            similarity = match[order[0]];
            newestSimilarity = newest[order[0]];
            if (!learn) {
                return false;
            }
            boolean resonated = false;
            for (int j : order) {
                if (match[j] >= upper) {
                    double[] w = weights.get(j);
                    for (int k = 0; k < 2 * dim; k++) {
                        w[k] = Math.min(w[k], input[k]);
                    }
                    resonated = true;
                } else if (match[j] >= lower && !resonated) {
                    weights.add(input);
                    clusters.add(clusters.get(j));
                    return false;
                } else {
                    break;
                }
            }
            if (resonated) {
                return false;
            }
            weights.add(input);
            clusters.add(++clusterCount);
            return true;
        }
    }
}
