package dev.vigil.api;

import dev.vigil.detection.multivariate.Aligner;
import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.detection.multivariate.FillPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The time grid a multivariate request is aligned on: {@code rows} cells of {@code step} from {@code start}, the
 * step being the data's own (its most frequent interval). Builds the raw matrix (missing = {@code NaN}), the
 * per-variable states Azure reported, and the aligned matrix under the request's align policy.
 */
record MvGrid(Instant start, Duration step, int rows) {

    /** More cells than this would be more timestamps than the service took per variable. */
    static final int MAX_ROWS = CsvTables.MAX_TIMESTAMPS;

    Instant time(int row) {
        return start.plus(step.multipliedBy(row));
    }

    /** The data's step: the most frequent interval between consecutive distinct timestamps. */
    static Duration stepOf(SourceData data, Instant from, Instant to) {
        TreeSet<Instant> times = new TreeSet<>();
        data.variables().values().forEach(o -> o.times().stream()
                .filter(t -> !t.isBefore(from) && !t.isAfter(to)).forEach(times::add));
        Map<Duration, Integer> counts = new HashMap<>();
        Instant previous = null;
        for (Instant t : times) {
            if (previous != null) {
                counts.merge(Duration.between(previous, t), 1, Integer::sum);
            }
            previous = t;
        }
        // the most frequent interval; of equally frequent ones the shortest
        Comparator<Map.Entry<Duration, Integer>> order = Comparator.comparing(Map.Entry::getValue);
        order = order.thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
        return counts.entrySet().stream().max(order)
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new DataProblem("NotEnoughInput",
                        "The data holds fewer than two timestamps between startTime and endTime."));
    }

    /** The grid from the first to the last observation within {@code [from, to]}. */
    static MvGrid over(SourceData data, Instant from, Instant to, Duration step) {
        Instant first = null;
        Instant last = null;
        for (Aligner.Observations o : data.variables().values()) {
            for (Instant t : o.times()) {
                if (!t.isBefore(from) && !t.isAfter(to)) {
                    first = first == null || t.isBefore(first) ? t : first;
                    last = last == null || t.isAfter(last) ? t : last;
                }
            }
        }
        if (first == null) {
            throw new DataProblem("NoData", "The data source holds no values between " + from + " and " + to + ".");
        }
        long cells = Duration.between(first, last).dividedBy(step) + 1;
        if (cells > MAX_ROWS) {
            throw new DataProblem("TooManyData", "Between startTime and endTime the data spans " + cells
                    + " timestamps of " + step + "; at most " + MAX_ROWS + " are allowed.");
        }
        return new MvGrid(first, step, (int) cells);
    }

    /** One column per variable in {@code variables} order, {@code NaN} where nothing was observed. */
    double[][] raw(List<String> variables, SourceData data) {
        // only the observations on the grid go to the Aligner (it skips the others too, however far off)
        Instant end = time(rows);
        List<Aligner.Observations> columns = new ArrayList<>();
        for (String v : variables) {
            Aligner.Observations o = data.variables().get(v);
            List<Instant> times = new ArrayList<>();
            double[] values = new double[o == null ? 0 : o.values().length];
            for (int i = 0; o != null && i < values.length; i++) {
                Instant t = o.times().get(i);
                if (!t.isBefore(start) && t.isBefore(end)) {
                    values[times.size()] = o.values()[i];
                    times.add(t);
                }
            }
            columns.add(new Aligner.Observations(times, Arrays.copyOf(values, times.size())));
        }
        return Aligner.align(start, step, rows, columns, new FillPolicy(FillMode.NOT_FILL, 0));
    }

    /** Azure's per-variable diagnostics over the grid. */
    List<MvWire.VariableState> states(List<String> variables, double[][] raw) {
        List<MvWire.VariableState> out = new ArrayList<>();
        for (int j = 0; j < variables.size(); j++) {
            int first = -1;
            int last = -1;
            int count = 0;
            for (int i = 0; i < rows; i++) {
                if (!Double.isNaN(raw[i][j])) {
                    count++;
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            out.add(new MvWire.VariableState(variables.get(j), rows == 0 ? 0.0 : 1.0 - (double) count / rows, count,
                    first < 0 ? null : time(first).toString(), last < 0 ? null : time(last).toString()));
        }
        return out;
    }

    /**
     * The matrix the engine takes: {@code Inner} keeps the rows where every variable was observed, {@code Outer}
     * keeps every row and fills gaps by the policy. Returns the kept row indices in {@code kept}.
     */
    static double[][] aligned(double[][] raw, boolean inner, FillPolicy fill, List<Integer> kept) {
        if (inner) {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < raw.length; i++) {
                if (Arrays.stream(raw[i]).noneMatch(Double::isNaN)) {
                    rows.add(raw[i].clone());
                    kept.add(i);
                }
            }
            return rows.toArray(new double[0][]);
        }
        int d = raw.length == 0 ? 0 : raw[0].length;
        double[][] m = new double[raw.length][d];
        double[] column = new double[raw.length];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < raw.length; i++) {
                column[i] = raw[i][j];
            }
            fill.fill(column);
            for (int i = 0; i < raw.length; i++) {
                m[i][j] = column[i];
            }
        }
        for (int i = 0; i < raw.length; i++) {
            kept.add(i);
        }
        return m;
    }
}
