package dev.vigil.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.DetectorSettings;
import dev.vigil.detection.Detectors;
import dev.vigil.detection.streaming.LikelihoodDetectorKind;
import dev.vigil.detection.streaming.LikelihoodTuning;

/**
 * Runs configurations of the standard detector's constants over the NAB development files and the KPIs, for
 * {@code bench/cv.py}, which scores them and chooses constants by leave-one-category-out cross-validation.
 *
 * <p>Usage: {@code TuningSweep <configs> <outRoot> [nabDataDir [kpiDir]]}. Each line of {@code configs} is
 * {@code <name> key=value,...} with the keys of {@link LikelihoodTuning} (missing keys keep their defaults);
 * results go to {@code <outRoot>/<name>/nab/vigil/...} (NAB's layout) and {@code <outRoot>/<name>/kpi/<id>.csv}
 * (lines {@code score,label}). An existing {@code <outRoot>/<name>} is skipped. With {@code -Dvigil.sweep.nabx=<dir>}
 * (the data folder written by {@code bench/derive_nab.py}: realKnownCause averaged hourly and made irregular) those
 * files are scored too, into {@code <outRoot>/<name>/nabx/vigil/...}; with {@code -Dvigil.sweep.servers=<dir>} (the
 * data folder written by {@code bench/derive_servers.py}) into {@code <outRoot>/<name>/servers/vigil/...}. With
 * {@code -Dvigil.sweep.flags=true} every file gets the pipeline's flags at sensitivity 96 (1 or 0) instead of the raw
 * score, for rules that act on the flags only ({@code flagRepeatMargin}; {@code bench/flag_level.py --choose}).
 */
public final class TuningSweep {

    private TuningSweep() {
    }

    public static void main(String[] args) throws IOException {
        Path configs = Path.of(args[0]);
        Path root = Path.of(args[1]);
        Path nab = Path.of(args.length > 2 ? args[2] : "../shared/datasets/nab/data");
        Path kpi = Path.of(args.length > 3 ? args[3] : "../shared/datasets/kpi");
        List<KpiSeries> kpis = KpiSeries.readAll(kpi);
        List<Path> nabFiles = csvFiles(nab);
        Map<String, Path> extra = new LinkedHashMap<>();
        for (String group : List.of("nabx", "servers")) {
            String dir = System.getProperty("vigil.sweep." + group);
            if (dir != null) {
                extra.put(group, Path.of(dir));
            }
        }
        boolean flags = Boolean.getBoolean("vigil.sweep.flags");
        for (String line : Files.readAllLines(configs)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            Path dir = root.resolve(parts[0]);
            if (Files.exists(dir)) {
                continue;
            }
            String spec = parts.length > 1 ? parts[1] : "";
            // warmUp=N is a setting, not a tuning constant: it varies the settings' warm-up
            DetectorSettings settings = flags
                    ? DetectorSettings.defaults().withSensitivity(DetectorSettings.PIPELINE_SENSITIVITY)
                    : DetectorSettings.defaults();
            StringBuilder rest = new StringBuilder();
            for (String kv : spec.split(",")) {
                if (kv.startsWith("warmUp=")) {
                    settings = settings.withWarmUpPoints(Integer.parseInt(kv.substring(7).trim()));
                } else if (!kv.isBlank()) {
                    rest.append(rest.isEmpty() ? "" : ",").append(kv);
                }
            }
            spec = rest.toString();
            // "ensemble" is the previous default, the baseline every configuration is compared with
            Object tuning = spec.equals("ensemble") ? "vigil-ensemble" : parse(spec);
            DetectorKind kind = spec.equals("ensemble") ? Detectors.ensemble(settings)
                    : new LikelihoodDetectorKind(settings, (LikelihoodTuning) tuning);
            long start = System.nanoTime();
            Path tmp = root.resolve(parts[0] + ".tmp");
            scoreFolder(kind, nab, nabFiles, tmp.resolve("nab"), flags);
            for (Map.Entry<String, Path> group : extra.entrySet()) {
                scoreFolder(kind, group.getValue(), csvFiles(group.getValue()), tmp.resolve(group.getKey()), flags);
            }
            Files.createDirectories(tmp.resolve("kpi"));
            for (KpiSeries s : kpis) {
                double[] score = KpiEvaluation.score(kind, s, flags);
                try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve("kpi").resolve(s.id() + ".csv"))) {
                    for (int i = 0; i < score.length; i++) {
                        w.write(String.format(Locale.ROOT, "%.6g,%d%n", score[i], s.labels()[i]));
                    }
                }
            }
            Files.move(tmp, dir);
            System.out.printf(Locale.ROOT, "%s %s in %.1f s%n", parts[0], tuning, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void scoreFolder(DetectorKind kind, Path data, List<Path> files, Path out, boolean flags)
            throws IOException {
        for (Path csv : files) {
            NabEvaluation.score(kind, csv, out.resolve(NabEvaluation.DETECTOR).resolve(data.relativize(csv))
                    .resolveSibling(NabEvaluation.DETECTOR + "_" + csv.getFileName()), flags);
        }
    }

    private static List<Path> csvFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
    }

    public static LikelihoodTuning parse(String spec) {
        LikelihoodTuning d = LikelihoodTuning.defaults();
        double tailAlpha = d.tailAlpha();
        double tailSds = d.tailSds();
        int tailWarmUp = d.tailWarmUp();
        double alertSurprisal = d.alertSurprisal();
        int dampedSteps = d.dampedSteps();
        double damping = d.damping();
        boolean volatility = d.volatility();
        boolean rebase = d.rebase();
        double minShape = d.minShape();
        boolean overlap = d.calibrateWhileLearning();
        boolean level = d.levelFeature();
        double levelMemory = d.levelMemory();
        double peakDecay = d.peakDecay();
        int warmUpCycles = d.warmUpCycles();
        boolean reportChangePoints = d.reportChangePoints();
        boolean trends = d.trends();
        boolean seasonalShifts = d.seasonalShifts();
        double shiftErrors = d.shiftErrors();
        double shiftCycles = d.shiftCycles();
        double resonance = d.resonance();
        double momentum = d.momentum();
        boolean sharperSeasonal = d.sharperSeasonal();
        double runMargin = d.runMargin();
        int runFeatures = d.runFeatures();
        double flagRepeatMargin = d.flagRepeatMargin();
        int flagRepeatValues = d.flagRepeatValues();
        double meanPredictor = d.meanPredictor();
        int meanSettle = d.meanSettle();
        boolean fullWindows = d.fullWindows();
        int gapSpan = d.gapSpan();
        double peakPrior = d.peakPrior();
        int isolation = d.isolation();
        int isolationPaths = d.isolationPaths();
        double isolationOffset = d.isolationOffset();
        long isolationMaxStep = d.isolationMaxStep();
        double isolationMargin = d.isolationMargin();
        int weeklyRecurrence = d.weeklyRecurrence();
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            String[] p = kv.split("=", 2);
            String v = p[1].trim();
            switch (p[0].trim()) {
                case "tailAlpha" -> tailAlpha = Double.parseDouble(v);
                case "tailSds" -> tailSds = Double.parseDouble(v);
                case "tailWarmUp" -> tailWarmUp = Integer.parseInt(v);
                case "alertSurprisal" -> alertSurprisal = Double.parseDouble(v);
                case "dampedSteps" -> dampedSteps = Integer.parseInt(v);
                case "damping" -> damping = Double.parseDouble(v);
                case "volatility" -> volatility = Boolean.parseBoolean(v);
                case "rebase" -> rebase = Boolean.parseBoolean(v);
                case "minShape" -> minShape = Double.parseDouble(v);
                case "overlap" -> overlap = Boolean.parseBoolean(v);
                case "level" -> level = Boolean.parseBoolean(v);
                case "levelMemory" -> levelMemory = Double.parseDouble(v);
                case "peakDecay" -> peakDecay = Double.parseDouble(v);
                case "warmUpCycles" -> warmUpCycles = Integer.parseInt(v);
                case "reportChangePoints" -> reportChangePoints = Boolean.parseBoolean(v);
                case "trends" -> trends = Boolean.parseBoolean(v);
                case "seasonalShifts" -> seasonalShifts = Boolean.parseBoolean(v);
                case "shiftErrors" -> shiftErrors = Double.parseDouble(v);
                case "shiftCycles" -> shiftCycles = Double.parseDouble(v);
                case "resonance" -> resonance = Double.parseDouble(v);
                case "momentum" -> momentum = Double.parseDouble(v);
                case "sharperSeasonal" -> sharperSeasonal = Boolean.parseBoolean(v);
                case "runMargin" -> runMargin = Double.parseDouble(v);
                case "runFeatures" -> runFeatures = Integer.parseInt(v);
                case "flagRepeatMargin" -> flagRepeatMargin = Double.parseDouble(v);
                case "flagRepeatValues" -> flagRepeatValues = Integer.parseInt(v);
                case "meanPredictor" -> meanPredictor = Double.parseDouble(v);
                case "meanSettle" -> meanSettle = Integer.parseInt(v);
                case "fullWindows" -> fullWindows = Boolean.parseBoolean(v);
                case "gapSpan" -> gapSpan = Integer.parseInt(v);
                case "peakPrior" -> peakPrior = Double.parseDouble(v);
                case "isolation" -> isolation = Integer.parseInt(v);
                case "isolationPaths" -> isolationPaths = Integer.parseInt(v);
                case "isolationOffset" -> isolationOffset = Double.parseDouble(v);
                case "isolationMaxStep" -> isolationMaxStep = Long.parseLong(v);
                case "isolationMargin" -> isolationMargin = Double.parseDouble(v);
                case "weeklyRecurrence" -> weeklyRecurrence = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown key " + p[0]);
            }
        }
        return new LikelihoodTuning(tailAlpha, tailSds, tailWarmUp, alertSurprisal, dampedSteps, damping,
                volatility, rebase, minShape, overlap, level, levelMemory, peakDecay, warmUpCycles, reportChangePoints,
                trends, seasonalShifts, shiftErrors, shiftCycles, resonance, momentum, sharperSeasonal, runMargin,
                runFeatures, flagRepeatMargin, flagRepeatValues, meanPredictor, meanSettle, fullWindows, gapSpan,
                peakPrior, isolation, isolationPaths, isolationOffset, isolationMaxStep, isolationMargin,
                weeklyRecurrence);
    }
}
