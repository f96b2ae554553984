package dev.vigil.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data dir>/vigil.lock}, held while a local Vigil uses the folder. The operating system
 * drops it when the JVM dies however it dies (kill -9 included), so a held lock means a live Vigil and a free one
 * means that whatever still runs on the folder (an embedded PostgreSQL) was left behind. The file holds the PID of
 * the holder, for the message.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE = "vigil.lock";

    private final FileChannel channel;

    private DataDirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Takes the lock, or fails naming the Vigil that holds it. */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Path file = Files.createDirectories(dataDir).resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new IllegalStateException("another Vigil" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                    + " is running on " + dataDir.toAbsolutePath() + ": stop it, or set VIGIL_DATA_DIR to another "
                    + "folder (and VIGIL_LOCAL_PG_PORT / VIGIL_LOCAL_KAFKA_PORT to other ports)");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirectoryLock(channel);
    }

    /** Releases the lock; the file stays (removing it would race with the next holder). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
