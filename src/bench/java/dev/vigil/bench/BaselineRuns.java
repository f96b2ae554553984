package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What the anchors of the pooled judge ({@link RcfBaseline}, {@link ArtimeBaseline}) share: arguments
 * {@code <run> name=folder ...}, each folder scored into {@code TuningSweep}'s layout
 * ({@code <run>/<name>/vigil/<category>/vigil_<file>.csv}), and the time it took printed.
 */
final class BaselineRuns {

    /** Scores one folder of NAB-layout files into a run's folder; answers the values it scored. */
    interface Corpus {
        long score(String name, Path in, Path run) throws IOException;
    }

    private BaselineRuns() {
    }

    static void run(String[] args, Corpus corpus) throws IOException {
        Path run = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] part = args[i].split("=", 2);
            long start = System.nanoTime();
            long rows = corpus.score(part[0], Path.of(part[1]), run);
            System.out.printf(Locale.ROOT, "%s: %d rows in %.1f s%n", part[0], rows, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The data files below a folder, in a stable order. */
    static List<Path> csvFiles(Path in) throws IOException {
        try (Stream<Path> walk = Files.walk(in)) {
            return walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    /** Where a data file's scores go (its folder created). */
    static Path resultFile(Path in, Path out, Path csv) throws IOException {
        Path target = out.resolve(in.relativize(csv)).resolveSibling("vigil_" + csv.getFileName());
        Files.createDirectories(target.getParent());
        return target;
    }

    /** A value as written, or NaN for an empty or unparsable one (scored 0 and skipped by the detector). */
    static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
