package dev.vigil.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One labelled KPI series of the 2018 AIOps Challenge ({@code <kpiDir>/data/<id>.csv.gz}, header
 * {@code timestamp,value,label}), held in memory.
 *
 * @param id     the file name without {@code .csv.gz}
 * @param times  the timestamps as written
 * @param epoch  the timestamps in seconds since the epoch (UTC)
 * @param values the values
 * @param labels 1 inside a labelled anomaly, else 0
 */
record KpiSeries(String id, String[] times, long[] epoch, double[] values, byte[] labels) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** Every series of {@code <kpiDir>/data}, sorted by id. */
    static List<KpiSeries> readAll(Path kpiDir) throws IOException {
        List<KpiSeries> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(kpiDir.resolve("data"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv.gz")).sorted().toList()) {
                all.add(read(f));
            }
        }
        return all;
    }

    static KpiSeries read(Path file) throws IOException {
        List<String> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Byte> labels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                times.add(f[0].trim());
                values.add(Double.parseDouble(f[1].trim()));
                labels.add(Byte.parseByte(f[2].trim()));
            }
        }
        int n = times.size();
        long[] epoch = new long[n];
        double[] v = new double[n];
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            epoch[i] = LocalDateTime.parse(times.get(i), TIME).toEpochSecond(ZoneOffset.UTC);
            v[i] = values.get(i);
            l[i] = labels.get(i);
        }
        String name = file.getFileName().toString();
        return new KpiSeries(name.substring(0, name.length() - ".csv.gz".length()), times.toArray(String[]::new),
                epoch, v, l);
    }
}
