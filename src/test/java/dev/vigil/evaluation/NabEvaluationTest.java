package dev.vigil.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.detection.Detectors;

class NabEvaluationTest {

    @Test
    void stepIsTheMedianPositiveDifference() {
        assertEquals(300, NabEvaluation.step(new long[] {0, 300, 600, 600, 1500, 1800}));
        assertEquals(300, NabEvaluation.step(new long[] {5}));
    }

    @Test
    void writesOneScoreForEveryRowDespiteDuplicatesStepsBackAndGaps(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 600; i++) {
            int minute = i * 5;
            csv.append(String.format("2014-01-%02d %02d:%02d:00,%d%n", 1 + minute / 1440, minute / 60 % 24,
                    minute % 60, 10 + i % 7));
        }
        csv.append("2014-01-03 01:55:00,10\n"); // repeats the last timestamp
        csv.append("2014-01-03 01:00:00,11\n"); // a step back in time
        csv.append("2014-01-04 01:00:00,12\n"); // a gap of a day
        Path in = dir.resolve("data/cat/series.csv");
        Files.createDirectories(in.getParent());
        Files.writeString(in, csv);
        Path out = dir.resolve("out/vigil/cat/vigil_series.csv");
        assertEquals(603, NabEvaluation.score(Detectors.standard(), in, out, false));
        List<String> rows = Files.readAllLines(out);
        assertEquals("timestamp,value,anomaly_score", rows.get(0));
        assertEquals(604, rows.size());
        assertTrue(rows.get(602).startsWith("2014-01-03 01:00:00,11,"));
        for (String row : rows.subList(1, rows.size())) {
            double score = Double.parseDouble(row.substring(row.lastIndexOf(',') + 1));
            assertTrue(score >= 0 && score <= 1, row);
        }
    }

    @Test
    void flagModeWritesTheDetectorsOwnDecisionAsOneOrZero(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 1200; i++) {
            int minute = i * 5;
            // steady, then a jump the detector must flag once its warm-up is over
            csv.append(String.format("2014-01-%02d %02d:%02d:00,%d%n", 1 + minute / 1440, minute / 60 % 24,
                    minute % 60, i == 1100 ? 90 : 10 + i % 3));
        }
        Path in = dir.resolve("series.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("out.csv");
        NabEvaluation.score(Detectors.standard(), in, out, true);
        List<String> rows = Files.readAllLines(out).subList(1, 1201);
        for (String row : rows) {
            String score = row.substring(row.lastIndexOf(',') + 1);
            assertTrue(score.equals("0.000000000") || score.equals("1.000000000"), row);
        }
        assertTrue(rows.get(1100).endsWith(",1.000000000"), rows.get(1100));
    }
}
