package dev.vigil.evaluation;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.detection.Verdict;

/**
 * Runs the standard streaming detector over every CSV of a folder in NAB's layout ({@code <category>/<name>.csv},
 * columns {@code timestamp,value}), writes NAB results files and scores them with the shared NAB scorer.
 *
 * <p>Usage: {@code NabEvaluation [dataDir [outputDir [windowsJson [scorerScript]]]]}, defaults
 * {@code ../shared/datasets/nab/data}, {@code target/nab-results}, {@code <dataDir>/../labels/combined_windows.json},
 * {@code ../shared/eval/nab_score.py}. Results go to {@code <outputDir>/vigil/<category>/vigil_<name>.csv} with
 * header {@code timestamp,value,anomaly_score}.
 *
 * <p>Each file is fed once, in file order, to a fresh detector; nothing else is known to it (no labels, no file
 * name, no length). The window step is the median of the first 50 positive time differences (all in NAB's
 * probationary period). A row whose timestamp does not move forward (duplicate or step back) is fed one second after
 * the previous fed time, so that every row gets a score. The anomaly score is the detector's surprise {@code s}
 * mapped monotonically to [0, 1] as {@code s / (1 + s)}.
 */
public final class NabEvaluation {

    static final String DETECTOR = "vigil";
    /**
     * NAB's form {@code yyyy-MM-dd HH:mm:ss}, and what the scorer's {@code datetime.fromisoformat} reads besides: a
     * {@code T} between date and time, seconds left out, fractions of a second, an offset or {@code Z} (the time
     * is then taken in UTC). A folder written by another tool should not stop the run the scorer could score.
     */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private NabEvaluation() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/nab/data");
        Path output = Path.of(args.length > 1 ? args[1] : "target/nab-results");
        Path windows = args.length > 2 ? Path.of(args[2]) : data.resolveSibling("labels").resolve("combined_windows.json");
        Path scorer = Path.of(args.length > 3 ? args[3] : "../shared/eval/nab_score.py");
        Path results = output.resolve(DETECTOR);
        // -Dvigil.nab.sensitivity=N scores another operating point; -Dvigil.nab.flags=true writes the detector's own
        // anomaly flag (1 or 0) instead of its raw score, so NAB measures the alerts the pipeline would raise
        boolean flags = Boolean.getBoolean("vigil.nab.flags");
        // the flags are scored at the pipeline's sensitivity unless another is asked for
        int sensitivity = Integer.getInteger("vigil.nab.sensitivity",
                flags ? DetectorSettings.PIPELINE_SENSITIVITY : DetectorSettings.DEFAULT_SENSITIVITY);
        DetectorSettings settings = DetectorSettings.defaults().withSensitivity(sensitivity);
        // -Dvigil.nab.detector=vigil-ensemble scores the previous default for comparison
        DetectorKind kind = "vigil-ensemble".equals(System.getProperty("vigil.nab.detector"))
                ? Detectors.ensemble(settings) : Detectors.of(settings);
        long start = System.nanoTime();
        int files = 0;
        long rows = 0;
        try (Stream<Path> walk = Files.walk(data)) {
            for (Path csv : walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                Path rel = data.relativize(csv);
                Path out = results.resolve(rel).resolveSibling(DETECTOR + "_" + csv.getFileName());
                rows += score(kind, csv, out, flags);
                files++;
            }
        }
        System.out.printf(Locale.ROOT, "%s v%d, sensitivity %d, %s: %d files, %d rows in %.1f s -> %s%n", kind.name(),
                kind.version(), sensitivity, flags ? "anomaly flags" : "raw scores", files, rows, (System.nanoTime() - start) / 1e9, results);
        if (!Files.exists(windows)) {
            System.out.println("no windows file at " + windows + ": results written, not scored");
            return;
        }
        List<String> command = new ArrayList<>(List.of("python3", scorer.toString(), results.toString(),
                "--windows", windows.toString()));
        command.addAll(Arrays.asList(System.getProperty("vigil.scorerArgs", "").split(" ")).stream()
                .filter(s -> !s.isBlank()).toList());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("scorer exited with " + exit);
        }
    }

    /**
     * Scores one file (its raw scores, or its anomaly flags as 1 and 0); returns its number of rows. Every row is
     * written back with its own time and value: a value that is not a finite number (empty, {@code nan}, text) is
     * not fed and scores 0; a time that cannot be read is fed one second after the previous one, as a repeated time
     * is, so one bad row costs one row's score, not the file's.
     */
    static int score(DetectorKind kind, Path csv, Path out, boolean flags) throws IOException {
        List<String> times = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                times.add((comma < 0 ? line : line.substring(0, comma)).trim());
                values.add(comma < 0 ? "" : line.substring(comma + 1).trim());
            }
        }
        long[] epoch = new long[times.size()];
        int unreadable = 0;
        for (int i = 0; i < epoch.length; i++) {
            epoch[i] = epochOf(times.get(i));
            unreadable += epoch[i] == Long.MIN_VALUE ? 1 : 0;
        }
        if (unreadable > 0) {
            System.err.printf(Locale.ROOT, "%s: %d of %d times unreadable, each fed a second after the row before%n",
                    csv, unreadable, epoch.length);
        }
        StreamingDetector detector = kind.create(step(epoch));
        Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("timestamp,value,anomaly_score\n");
            long fed = Long.MIN_VALUE;
            for (int i = 0; i < epoch.length; i++) {
                long t = fed != Long.MIN_VALUE && epoch[i] <= fed ? fed + 1 : epoch[i];
                double value = valueOf(values.get(i));
                double score = 0;
                if (Double.isFinite(value) && t != Long.MIN_VALUE) {
                    Verdict v = detector.observe(t, value);
                    score = flags ? (v.anomaly() ? 1 : 0) : v.score() / (1 + v.score());
                    fed = t;
                }
                w.write(times.get(i) + "," + values.get(i) + "," + String.format(Locale.ROOT, "%.9f", score) + "\n");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return epoch.length;
    }

    /** Epoch seconds of a time in {@link #TIME}'s forms (UTC unless it names an offset); MIN_VALUE if unreadable. */
    static long epochOf(String time) {
        try {
            TemporalAccessor t = TIME.parse(time);
            long local = LocalDateTime.from(t).toEpochSecond(ZoneOffset.UTC);
            return t.isSupported(ChronoField.OFFSET_SECONDS) ? local - t.get(ChronoField.OFFSET_SECONDS) : local;
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The value, or NaN when it is not a number. */
    static double valueOf(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Median of the first 50 positive time differences; 300 s when there are none. With rows missing and times
     * jittered it lies above the grid's step (1.05 to 1.5 times on the derived irregular files), which widens the
     * daily slots; the grid's own step (found exactly by a clock-snapped lower quartile) scored worse on four
     * derivations of those files (BENCHMARKS.md, "The step estimate on irregular data"), so the median stays.
     */
    static long step(long[] epoch) {
        long[] d = new long[Math.min(50, Math.max(0, epoch.length - 1))];
        int n = 0;
        for (int i = 1; i < epoch.length && n < d.length; i++) {
            if (epoch[i] > epoch[i - 1] && epoch[i - 1] != Long.MIN_VALUE) {
                d[n++] = epoch[i] - epoch[i - 1];
            }
        }
        if (n == 0) {
            return 300;
        }
        Arrays.sort(d, 0, n);
        return d[n / 2];
    }
}
