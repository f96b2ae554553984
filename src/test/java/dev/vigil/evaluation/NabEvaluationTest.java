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
    void readsTheTimesTheScorerReadsAndScoresZeroWhereARowCannotBeRead(@TempDir Path dir) throws IOException {
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01 00:00:00"));
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01T00:00:00"));
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01 00:00"));
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01 00:00:00.250000"));
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01T00:00:00Z"));
        assertEquals(1388534400L, NabEvaluation.epochOf("2014-01-01T01:00:00+01:00"));
        assertEquals(Long.MIN_VALUE, NabEvaluation.epochOf("yesterday"));
        StringBuilder csv = new StringBuilder("timestamp,value\r\n");
        for (int i = 0; i < 400; i++) {
            csv.append(String.format("2014-01-%02dT%02d:%02d:00.000,%d\r\n", 1 + i * 5 / 1440, i * 5 / 60 % 24,
                    i * 5 % 60, 10 + i % 7));
        }
        csv.append("not a time,12\r\n");
        csv.append("2014-01-03 10:00:00,nan\r\n");
        csv.append("2014-01-03 10:05:00,\r\n");
        csv.append("2014-01-03 10:10:00\r\n");
        csv.append("2014-01-03 10:15:00,n/a\r\n");
        csv.append("2014-01-03 10:20:00,1e1\r\n");
        Path in = dir.resolve("odd.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("out.csv");
        assertEquals(406, NabEvaluation.score(Detectors.standard(), in, out, false));
        List<String> rows = Files.readAllLines(out);
        assertEquals(407, rows.size());
        assertEquals("not a time,12,", rows.get(401).substring(0, rows.get(401).lastIndexOf(',') + 1));
        for (int i = 402; i <= 405; i++) {
            assertTrue(rows.get(i).endsWith(",0.000000000"), "not a number, not fed: " + rows.get(i));
        }
        assertTrue(rows.get(403).startsWith("2014-01-03 10:05:00,,"), rows.get(403));
        assertTrue(rows.get(406).startsWith("2014-01-03 10:20:00,1e1,"), rows.get(406));
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
