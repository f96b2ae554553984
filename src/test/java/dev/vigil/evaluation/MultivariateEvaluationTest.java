package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.detection.fixtures.CorrelatedRows;
import dev.vigil.detection.multivariate.MultivariateSettings;
import dev.vigil.detection.multivariate.PcaEngine;

class MultivariateEvaluationTest {

    @Test
    void writesOneResultRowPerTestRowInTheScorersFormatAndNamesTheFaultyVariables(@TempDir Path dir)
            throws IOException {
        CorrelatedRows source = new CorrelatedRows(5, 2, 21);
        Path entity = dir.resolve("data/smd/machine-x");
        Files.createDirectories(entity);
        write(entity.resolve("train.csv.gz"), source.next(1000), false, -1);
        write(entity.resolve("test.csv.gz"), source.next(300), true, 200);
        Path out = dir.resolve("out/smd/machine-x.csv");
        MultivariateEvaluation.evaluate(new PcaEngine(MultivariateSettings.defaults()), entity, out);
        List<String> lines = Files.readAllLines(out);
        assertEquals("timestamp,score,anomaly,contributors", lines.get(0));
        assertEquals(301, lines.size());
        String[] fault = lines.get(1 + 200).split(",");
        assertEquals("t200", fault[0]);
        assertEquals("1", fault[2]);
        String[] top = fault[3].split(";");
        assertEquals(Set.of("m2", "m4"), Set.of(top[0], top[1]));
        assertTrue(lines.stream().skip(1).limit(150).filter(l -> l.split(",")[2].equals("1")).count() <= 3);
    }

    /** Columns m1..m5 (and a label that must not matter); row {@code fault} gets a step in m2 and m4. */
    private static void write(Path gz, double[][] rows, boolean label, int fault) throws IOException {
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(gz));
             Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            w.write("timestamp,m1,m2,m3,m4,m5" + (label ? ",label" : "") + "\n");
            for (int i = 0; i < rows.length; i++) {
                double[] r = rows[i];
                if (i == fault) {
                    r[1] += 3;
                    r[3] -= 3;
                }
                StringBuilder line = new StringBuilder("t" + i);
                for (double v : r) {
                    line.append(',').append(v);
                }
                w.write(line + (label ? "," + (i == fault ? 1 : 0) : "") + "\n");
            }
        }
    }
}
