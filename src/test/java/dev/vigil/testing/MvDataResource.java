package dev.vigil.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * What the multivariate API reads in tests: a plain HTTP file server on 127.0.0.1 (the JDK's) serving
 * {@link #servedDir()} under {@code /data/}, which is the only allowed URL prefix, and a data directory for
 * {@code file:} sources. A path under {@code /data/slow/} answers after {@value #SLOW_MILLIS} ms, so that a model
 * can be caught while it trains.
 */
public class MvDataResource implements QuarkusTestResourceLifecycleManager {

    public static final long SLOW_MILLIS = 4000;
    private static HttpServer server;
    private static Path served;
    private static Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            served = Files.createTempDirectory("vigil-mv-served");
            dataDir = Files.createTempDirectory("vigil-mv-data");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/data/", exchange -> {
                String rel = exchange.getRequestURI().getPath().substring("/data/".length());
                boolean slow = rel.startsWith("slow/");
                Path file = served.resolve(slow ? rel.substring(5) : rel).normalize();
                if (slow) {
                    sleep();
                }
                if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("vigil.api.multivariate.allowed-urls", baseUrl(),
                "vigil.api.multivariate.data-dir", dataDir.toString());
    }

    private static void sleep() {
        try {
            Thread.sleep(SLOW_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The allowed prefix, ending in {@code /data/}. */
    public static String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/data/";
    }

    /** Files here are served at {@link #baseUrl()}. */
    public static Path servedDir() {
        return served;
    }

    /** The directory {@code file:} sources are read from. */
    public static Path dataDir() {
        return dataDir;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        for (Path dir : new Path[] {served, dataDir}) {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
