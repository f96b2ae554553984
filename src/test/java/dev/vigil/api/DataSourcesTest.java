package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where data may be read from (plain JUnit): the allow-list, the data directory, and the two CSV layouts. */
class DataSourcesTest {

    @TempDir
    Path root;

    private DataSources sources(Path dataDir) {
        return new DataSources(List.of("https://files.example.internal/mvad/", "https://plain.example.internal"),
                Optional.of(dataDir), 1_000_000, Duration.ofSeconds(5));
    }

    private static String code(Runnable r) {
        return assertThrows(AzureApiException.class, r::run).code();
    }

    @Test
    void onlyUrlsUnderAnAllowedPrefix() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        DataSources s = sources(data);
        assertInstanceOf(DataSources.Remote.class, s.check("https://files.example.internal/mvad/a.csv?sig=x"));
        assertInstanceOf(DataSources.Remote.class, s.check("https://plain.example.internal/b.zip"));
        for (String refused : new String[] {"https://files.example.internal/other/a.csv",
                "https://files.example.internal/mvad/../other/a.csv", "https://plain.example.internal.evil.com/a.csv",
                "https://user@files.example.internal/mvad/a.csv", "http://files.example.internal/mvad/a.csv",
                "gopher://files.example.internal/mvad/", "s3://bucket/a.csv",
                // a server that decodes before it resolves reads these out of the prefix
                "https://files.example.internal/mvad/%2e%2e/secret.csv",
                "https://files.example.internal/mvad/.%2E/secret.csv", "https://files.example.internal/mvad/..%2fx.csv",
                "https://files.example.internal/mvad/..%5Cx.csv", "https://files.example.internal/mvad/..;/x.csv"}) {
            assertEquals("InvalidBlobURL", code(() -> s.check(refused)), refused);
        }
    }

    @Test
    void filesOnlyInsideTheDataDirectoryLinksIncluded() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        Path outside = Files.writeString(root.resolve("secret.csv"), "timestamp,x\n");
        Files.writeString(data.resolve("in.csv"), "timestamp,x\n");
        Files.createSymbolicLink(data.resolve("link.csv"), outside);
        DataSources s = sources(data);
        assertInstanceOf(DataSources.Local.class, s.check("file:in.csv"));
        assertInstanceOf(DataSources.Local.class, s.check("file://" + data.resolve("in.csv")));
        assertEquals("InvalidBlobURL", code(() -> s.check("file:link.csv")));
        assertEquals("InvalidBlobURL", code(() -> s.check("file:../secret.csv")));
        assertEquals("InvalidBlobURL", code(() -> s.check("file:" + outside)));
        assertEquals("FileNotExist", code(() -> s.check("file:nope.csv")));
        for (String nul : new String[] {"file:in.csv%00.png", "file:in\u0000.csv", "file:///%00"}) {
            AzureApiException e = assertThrows(AzureApiException.class, () -> s.check(nul));
            assertEquals("InvalidBlobURL", e.code(), nul);
            assertTrue(e.getMessage().contains("not a valid file path"), e.getMessage());
        }
        DataSources none = new DataSources(List.of(), Optional.empty(), 1000, Duration.ofSeconds(1));
        assertEquals("InvalidBlobURL", code(() -> none.check("file:in.csv")));
        assertEquals("InvalidBlobURL", code(() -> none.check("https://files.example.internal/mvad/a.csv")));
    }

    @Test
    void oneTableAndFolderLayouts() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        Files.writeString(data.resolve("t.csv"), "\uFEFFtimestamp,a,b\n2021-01-01T00:00:00Z,1,2\n"
                + "2021-01-01T00:01:00Z,,4\n", StandardCharsets.UTF_8);
        SourceData one = sources(data).read(sources(data).check("file:t.csv"));
        assertEquals(List.of("a", "b"), one.names());
        assertEquals(1, one.variables().get("a").values().length); // the empty cell is a missing value
        Path folder = Files.createDirectory(data.resolve("f"));
        Files.writeString(folder.resolve("x.csv"), "timestamp,value\n2021-01-01T00:00:00Z,1\n");
        Files.writeString(folder.resolve("y.csv"), "timestamp,value\n2021-01-01T00:00:00Z,2\n");
        Files.writeString(folder.resolve("notes.txt"), "ignored");
        assertEquals(List.of("x", "y"), sources(data).read(sources(data).check("file:f")).names());
    }

    @Test
    void aSourceThatStallsAfterItsHeadersFailsAtTheTimeout() throws Exception {
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.createContext("/mvad/", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the body never ends
            exchange.getResponseBody().write("timestamp,a\n".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.setExecutor(Executors.newCachedThreadPool());
        stalling.start();
        try {
            String prefix = "http://127.0.0.1:" + stalling.getAddress().getPort() + "/mvad/";
            DataSources s = new DataSources(List.of(prefix), Optional.empty(), 1_000_000, Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            DataProblem p = assertThrows(DataProblem.class, () -> s.read(s.check(prefix + "a.csv")));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("ReadingFileError", p.code());
            assertTrue(p.getMessage().contains("did not finish within"), p.getMessage());
            assertTrue(millis >= 900 && millis < 10_000, "bounded by the timeout: " + millis + " ms");
        } finally {
            stalling.stop(0);
        }
    }

    @Test
    void quotedNamesMayHoldCommasQuotesAndLineBreaks() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        Files.writeString(data.resolve("quoted.csv"), "timestamp,\"a,b\",\"c\"\"d\", e \n"
                + "2021-01-01T00:00:00Z,1,2,3\n\n\"2021-01-01T00:01:00Z\",4,\"5\",6\n");
        DataSources s = sources(data);
        SourceData read = s.read(s.check("file:quoted.csv"));
        assertEquals(List.of("a,b", "c\"d", "e"), List.copyOf(read.variables().keySet()));
        assertEquals(2, read.variables().get("c\"d").times().size());

        Files.writeString(data.resolve("ragged.csv"), "timestamp,a\n2021-01-01T00:00:00Z,1\n\n"
                + "2021-01-01T00:01:00Z,1,2\n");
        DataProblem p = assertThrows(DataProblem.class, () -> s.read(s.check("file:ragged.csv")));
        assertEquals("NumColumnsMismatch", p.code());
        assertTrue(p.getMessage().contains("line 4:"), "the line as an editor counts it: " + p.getMessage());
    }

    @Test
    void aZipWithNoCsvFileFindsNoVariables() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        // an empty zip is only an end record ("PK" 5 6): it was read as a CSV and reported its header "PK" missing
        String[][] cases = {{}, {"series/"}, {"readme.txt"}, {"__MACOSX/a.csv"}, {"series/", "notes.json"}};
        for (String[] entries : cases) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
                for (String entry : entries) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(entry));
                    zip.write(entry.endsWith("/") ? new byte[0] : "timestamp,value\n".getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
            Files.write(data.resolve("none.zip"), bytes.toByteArray());
            DataSources s = sources(data);
            DataProblem p = assertThrows(DataProblem.class, () -> s.read(s.check("file:none.zip")),
                    List.of(entries).toString());
            assertEquals("NoVariablesFound", p.code(), List.of(entries) + ": " + p.getMessage());
        }
    }

    @Test
    void malformedDataIsADataProblemWithTheServicesCode() throws Exception {
        Path data = Files.createDirectory(root.resolve("data"));
        String[][] cases = {
            {"time,a\n2021-01-01T00:00:00Z,1\n", "FileColumnsNotExist"},
            {"timestamp,a,a\n2021-01-01T00:00:00Z,1,2\n", "DuplicatedVariables"},
            {"timestamp,a\n2021-01-01T00:00:00Z,abc\n", "VariableParseError"},
            {"timestamp,a\nnot-a-time,1\n", "VariableParseError"},
            {"timestamp,a,b\n2021-01-01T00:00:00Z,1\n", "NumColumnsMismatch"},
            {"", "NoData"},
            {"timestamp,\"a\n2021-01-01T00:00:00Z,1\n", "VariableParseError"},
        };
        for (String[] c : cases) {
            Files.writeString(data.resolve("bad.csv"), c[0]);
            DataSources s = sources(data);
            DataProblem p = assertThrows(DataProblem.class, () -> s.read(s.check("file:bad.csv")), c[0]);
            assertEquals(c[1], p.code(), p.getMessage());
        }
    }
}
