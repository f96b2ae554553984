package dev.vigil.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The running server of a PostgreSQL data directory, as its {@code postmaster.pid} names it (PID on line 1, port on
 * line 4). A postmaster started by {@code pg_ctl} is not a child of the JVM that asked for it, so it outlives a killed
 * Vigil; this finds such an orphan and stops it.
 */
record Postmaster(ProcessHandle process, int port) {

    private static final Logger LOG = Logger.getLogger(Postmaster.class);
    /** zonky's lock file, held by a live {@code EmbeddedPostgres} on the directory (older Vigils had no lock of ours). */
    private static final String ZONKY_LOCK = "epg-lock";

    /** The live postgres process {@code postmaster.pid} of {@code dataDir} names; empty when none runs there. */
    static Optional<Postmaster> of(Path dataDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dataDir.resolve("postmaster.pid"), e);
        }
        if (lines.size() < 4 || lines.get(0).isBlank()) {
            return Optional.empty(); // being written, or left half-written by a crash: no server runs on it
        }
        int port = lines.get(3).isBlank() ? -1 : Integer.parseInt(lines.get(3).trim());
        // a stale file's PID may belong to another program by now: only a postgres binary counts
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(p -> new Postmaster(p, port));
    }

    long pid() {
        return process.pid();
    }

    /**
     * Stops the server left running on {@code dataDir} by a Vigil that died (kill -9, or a start that gave up waiting),
     * and waits for it to exit. Call it holding the data directory's lock; a postmaster some other live process still
     * drives (zonky's lock is held) is left alone and fails the start instead.
     */
    static void stopOrphan(Path dataDir, Duration wait) {
        Optional<Postmaster> orphan = of(dataDir);
        if (orphan.isEmpty()) {
            return;
        }
        if (zonkyLockHeld(dataDir)) {
            throw new IllegalStateException("PostgreSQL (pid " + orphan.get().pid() + ", port " + orphan.get().port()
                    + ") on " + dataDir.toAbsolutePath() + " belongs to another running process: stop it, or set "
                    + "VIGIL_DATA_DIR to another folder");
        }
        LOG.warnf("stopping the embedded PostgreSQL (pid %d, port %d) a previous Vigil left running on %s",
                orphan.get().pid(), orphan.get().port(), dataDir.toAbsolutePath());
        orphan.get().stop(wait);
    }

    /**
     * SIGTERM (a smart shutdown: the orphan's clients died with their JVM; during crash recovery it stops recovery),
     * then waits up to {@code wait} for the process to exit. {@code pg_ctl stop} is no option: it refuses to run as
     * root, and the server then runs in a user namespace of its own.
     */
    void stop(Duration wait) {
        process.destroy();
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL (pid " + pid() + ") did not stop within " + wait
                    + " of SIGTERM (a client still connected?): stop it with kill -INT " + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL (pid " + pid() + ")", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static boolean zonkyLockHeld(Path dataDir) {
        Path file = dataDir.resolve(ZONKY_LOCK);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            throw new IllegalStateException("cannot check " + file, e);
        }
    }
}
