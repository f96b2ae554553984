package dev.vigil.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A NAB data file from the shared development set, read as (time, value) rows in file order. */
public final class NabFile {

    public record Row(Instant time, double value) {
    }

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NabFile() {
    }

    public static List<Row> read(String relative) {
        Path p = Path.of("..", "shared", "datasets", "nab", "data").resolve(relative);
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(p)) {
                if (line.isBlank() || line.startsWith("timestamp")) {
                    continue;
                }
                String[] f = line.split(",");
                rows.add(new Row(LocalDateTime.parse(f[0], FORMAT).toInstant(ZoneOffset.UTC), Double.parseDouble(f[1])));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("the NAB development set belongs at " + p.toAbsolutePath(), e);
        }
    }

    /** Posts the whole file as CloudEvent batches of 1,000 readings of {@code metric{machine=...}}; returns its rows. */
    public static List<Row> replay(String relative, String metric, String machine) {
        List<Row> rows = read(relative);
        for (int i = 0; i < rows.size(); i += 1000) {
            io.restassured.RestAssured.given().contentType("application/json").header("ce-id", relative + "-" + i)
                    .header("ce-specversion", "1.0").header("ce-source", "/nab").header("ce-type", "dev.vigil.readings.v1")
                    .body(batch(metric, machine, rows.subList(i, Math.min(rows.size(), i + 1000))))
                    .post("/").then().statusCode(200);
        }
        return rows;
    }

    /** Readings as the JSON batch the ingest functions take. */
    public static String batch(String metric, String meter, List<Row> rows) {
        StringBuilder b = new StringBuilder("[");
        for (Row r : rows) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"metric\":\"").append(metric).append("\",\"dimensions\":{\"machine\":\"").append(meter)
                    .append("\"},\"timestamp\":\"").append(r.time()).append("\",\"value\":").append(r.value()).append('}');
        }
        return b.append(']').toString();
    }
}
