package dev.vigil.api;

import dev.vigil.testing.MvDataResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Seeded test data for the multivariate API: three variables a minute apart, {@code load}, {@code power} = 2 load
 * and {@code temp} = -load, plus noise. From row {@link #FAULT} {@code power} leaves the others (stays high while
 * load falls): a fault that only shows in the variables together.
 */
final class MvData {

    static final Instant START = Instant.parse("2021-01-01T00:00:00Z");
    static final int ROWS = 700;
    /** Rows before this train the model; the fault starts here. */
    static final int TRAIN = 600;
    static final int FAULT = 650;
    static final List<String> VARIABLES = List.of("load", "power", "temp");

    private MvData() {
    }

    static Instant time(int row) {
        return START.plusSeconds(60L * row);
    }

    static double[] row(int i, Random r) {
        double load = 10 + 3 * Math.sin(i / 15.0) + 0.1 * r.nextGaussian();
        double power = 2 * load + 0.1 * r.nextGaussian() + (i >= FAULT && i < FAULT + 5 ? 12 : 0);
        double temp = 50 - load + 0.1 * r.nextGaussian();
        return new double[] {load, power, temp};
    }

    static double[][] rows() {
        Random r = new Random(42);
        double[][] m = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            m[i] = row(i, r);
        }
        return m;
    }

    /** One table: {@code timestamp,load,power,temp}. */
    static String oneTable(int rows) {
        double[][] m = rows();
        StringBuilder csv = new StringBuilder("timestamp,").append(String.join(",", VARIABLES)).append('\n');
        for (int i = 0; i < rows; i++) {
            csv.append(time(i));
            for (double v : m[i]) {
                csv.append(',').append(String.format(Locale.ROOT, "%.5f", v));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    /** One CSV per variable, {@code timestamp,value}. */
    static String variable(int j, int rows) {
        double[][] m = rows();
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < rows; i++) {
            csv.append(time(i)).append(',').append(String.format(Locale.ROOT, "%.5f", m[i][j])).append('\n');
        }
        return csv.toString();
    }

    static byte[] zip(int rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int j = 0; j < VARIABLES.size(); j++) {
                zip.putNextEntry(new ZipEntry(VARIABLES.get(j) + ".csv"));
                zip.write(variable(j, rows).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Serves {@code content} at {@code <allowed prefix>/name} and returns that URL. */
    static String serve(String name, byte[] content) {
        try {
            Files.write(MvDataResource.servedDir().resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MvDataResource.baseUrl() + name;
    }

    static String serve(String name, String content) {
        return serve(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} under the data directory and returns its {@code file:} source. */
    static String file(String name, byte[] content) {
        try {
            Path p = MvDataResource.dataDir().resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "file:" + name;
    }
}
