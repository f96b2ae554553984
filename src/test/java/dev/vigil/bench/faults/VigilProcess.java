package dev.vigil.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Vigil replica as its own operating-system process ({@code java -jar quarkus-run.jar}, production mode), so a
 * kill is a real {@code kill -9}: no shutdown hook, no flush, open transactions cut by PostgreSQL. It always comes
 * back on the same ports; its output goes to {@code <work>/logs/<name>.log}.
 */
final class VigilProcess {

    private final String name;
    private final Path jar;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path log;
    private final Http http;
    private Process process;
    private int starts;

    VigilProcess(String name, Path jar, int port, Map<String, String> env, Path logs, Http http) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.managementPort = port + 1;
        this.env = env;
        this.log = logs.resolve(name + ".log");
        this.http = http;
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process and waits until it answers ready; returns the time that took. */
    Duration start(Duration patience) throws IOException, InterruptedException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(Files.createDirectories(log.getParent().resolve(name + "-cwd")).toFile());
        // nothing of the caller's own Vigil or Quarkus settings may leak into the replica
        pb.environment().keySet().removeIf(k -> k.startsWith("VIGIL_") || k.startsWith("QUARKUS_") || k.startsWith("MP_"));
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        pb.environment().put("QUARKUS_HTTP_SSL_PORT", Integer.toString(port + 2));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Files.writeString(log, "%n=== start %d of %s ===%n".formatted(++starts, name),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        process = pb.start();
        long deadline = t0 + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start; see " + log);
            }
            if (ready()) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + patience + "; see " + log);
    }

    /**
     * Health may sit on the main port or, once the management interface is on, on its own port: either answering
     * 200 counts.
     */
    boolean ready() {
        for (String base : List.of(url(), "http://127.0.0.1:" + managementPort)) {
            if (http.status(base + "/q/health/ready") == 200) {
                return true;
            }
        }
        return false;
    }

    /** {@code kill -9}: {@link Process#destroyForcibly()} sends SIGKILL on Linux. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A polite stop (SIGTERM), forced after 20 seconds. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
