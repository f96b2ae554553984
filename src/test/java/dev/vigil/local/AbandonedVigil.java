package dev.vigil.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in for a local Vigil in a JVM of its own, for tests to kill: takes the data directory's lock, starts the
 * embedded PostgreSQL on {@code args[1]}, says {@code started}, then waits for its stdin to close.
 */
public final class AbandonedVigil {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        DataDirectoryLock lock = DataDirectoryLock.acquire(data);
        LocalPostgres postgres = new LocalPostgres(data.resolve("postgres"), Integer.parseInt(args[1]),
                Duration.ofMinutes(1), e -> System.exit(3));
        postgres.start();
        System.out.println("started " + postgres.pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until killed
        }
        postgres.close();
        lock.close();
    }
}
