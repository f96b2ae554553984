package dev.vigil.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.jboss.logging.Logger;

/**
 * The embedded PostgreSQL of the local mode, kept on one data directory and port: started with real durability, never
 * left running by a start that failed, stopped by a small watcher process when the JVM dies, and restarted (with crash
 * recovery) when it dies under a running Vigil. Callers hold the data directory's lock (see {@link DataDirectoryLock}).
 * Not a bean: the launcher owns it.
 */
final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalPostgres.class);
    /** How long a postmaster may take to stop, or its backends to follow a postmaster that was killed. */
    static final Duration STOP_WAIT = Duration.ofMinutes(1);
    private static final long WATCH_EVERY_MILLIS = 1000;

    /**
     * Stops the server of {@code $0}'s postmaster.pid (fast shutdown) once its stdin closes, which happens when the
     * JVM holding the other end dies, kill -9 included. /proc makes sure the PID is still a postgres (Linux only;
     * elsewhere the next start stops the orphan instead).
     */
    private static final String REAPER = "trap '' INT TERM HUP; while read -r _; do :; done; "
            + "pid=$(head -n 1 \"$0/postmaster.pid\" 2>/dev/null); "
            + "[ -n \"$pid\" ] && [ \"$(cat /proc/$pid/comm 2>/dev/null)\" = postgres ] && kill -INT \"$pid\"";

    private final Path dir;
    private final int port;
    private final Duration startupWait;
    private final Consumer<Exception> onLost;

    private EmbeddedPostgres postgres;
    private Postmaster postmaster;
    private Process reaper;
    private volatile Thread watchdog;
    private volatile boolean closed;

    /**
     * @param startupWait how long a start may wait for the server to accept connections (crash recovery included)
     * @param onLost      called (on the watchdog's thread) when a server that died could not be started again
     */
    LocalPostgres(Path dir, int port, Duration startupWait, Consumer<Exception> onLost) {
        this.dir = dir;
        this.port = port;
        this.startupWait = startupWait;
        this.onLost = onLost;
    }

    synchronized void start() throws IOException {
        postgres = startServer();
        try {
            reaper = new ProcessBuilder("sh", "-c", REAPER, dir.toAbsolutePath().toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.debugf(e, "no sh to stop PostgreSQL with the JVM; a next start stops what a killed Vigil left running");
        }
        watchdog = new Thread(this::watch, "vigil-postgres-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    int port() {
        return port;
    }

    synchronized long pid() {
        return postmaster.pid();
    }

    private EmbeddedPostgres startServer() throws IOException {
        try {
            // the embedded defaults trade durability for speed (fsync off): the local run keeps real data
            // no shutdown hook of zonky's: it would stop the database while the application still stops (claims
            // handed back, deliveries recorded); VigilMain closes it after Quarkus has stopped
            EmbeddedPostgres started = EmbeddedPostgres.builder().setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(startupWait).setPort(port).start();
            postmaster = Postmaster.of(dir).orElseThrow(() -> new IllegalStateException(
                    "PostgreSQL on " + dir.toAbsolutePath() + " stopped right after its start"));
            return started;
        } catch (IOException | RuntimeException e) {
            // zonky gave up waiting (a long crash recovery, say) while the server pg_ctl launched runs on: left
            // alone it would keep the port and the folder after Vigil exits
            try {
                Postmaster.of(dir).ifPresent(p -> {
                    LOG.warnf("stopping the embedded PostgreSQL (pid %d) that did not get ready", p.pid());
                    p.stop(STOP_WAIT);
                });
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            if (e instanceof IOException) {
                throw new IOException("the embedded PostgreSQL on port " + port + " did not accept connections within "
                        + startupWait + " (VIGIL_LOCAL_PG_STARTUP_WAIT; crash recovery can take long): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private void watch() {
        List<ProcessHandle> children = List.of();
        while (!closed) {
            ProcessHandle process;
            synchronized (this) {
                process = postmaster.process();
            }
            if (process.isAlive()) {
                children = process.children().toList();
                try {
                    Thread.sleep(WATCH_EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try {
                restart(process, children);
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    onLost.accept(e);
                }
                return;
            }
        }
    }

    private synchronized void restart(ProcessHandle dead, List<ProcessHandle> children) throws IOException {
        if (closed) {
            return;
        }
        LOG.errorf("the embedded PostgreSQL (pid %d) exited unexpectedly; restarting it on port %d with the data in %s "
                + "(storage answers 503 until its crash recovery is done)", dead.pid(), port, dir.toAbsolutePath());
        closeQuietly(postgres); // releases zonky's lock on the folder; its pg_ctl stop finds no server to stop
        postgres = null;
        // the backends of a killed postmaster go a moment later; a new one refuses the shared memory they still hold
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                break; // interrupted (closing) or too slow: the start below says what is wrong
            }
        }
        postgres = startServer();
        LOG.infof("the embedded PostgreSQL is back (pid %d, port %d)", postmaster.pid(), port);
    }

    /** zonky's close runs {@code pg_ctl stop} and logs an error with a stack trace when no server answers. */
    private static void closeQuietly(EmbeddedPostgres old) {
        java.util.logging.Logger zonky = java.util.logging.Logger.getLogger(EmbeddedPostgres.class.getName());
        Level level = zonky.getLevel();
        zonky.setLevel(Level.OFF);
        try {
            old.close();
        } catch (IOException e) {
            LOG.debug("closing the dead server's handle", e);
        } finally {
            zonky.setLevel(level);
        }
    }

    /** Stops the watchdog, then the server (fast shutdown), then the watcher process; once. */
    @Override
    public void close() {
        closed = true;
        if (watchdog != null) {
            watchdog.interrupt(); // cuts short a restart's wait for the server
        }
        synchronized (this) {
            try {
                if (postgres != null) {
                    postgres.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
                if (reaper != null) {
                    reaper.destroyForcibly();
                    reaper = null;
                }
            }
        }
    }
}
