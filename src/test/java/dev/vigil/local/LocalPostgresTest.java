package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL processes of the local mode, killed the ways operations kill them: a Vigil JVM killed with kill -9
 * (with and without the watcher process that takes its server along), a start that gives up waiting, a server killed
 * under a running Vigil. Each test has its own folder and port.
 */
class LocalPostgresTest {

    @TempDir
    Path data;

    private final int port = freePort();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process child : children) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly().waitFor();
        }
        for (AutoCloseable c : toClose) {
            c.close();
        }
        // never leave a server behind, whatever failed
        Postmaster.of(data.resolve("postgres")).ifPresent(p -> p.stop(Duration.ofSeconds(30)));
    }

    @Test
    void serverOfAVigilKilledWithItsWatcherIsStoppedByTheNextStartAndKeepsItsData() throws Exception {
        Process vigil = startVigilInItsOwnJvm();
        insertMarker();
        Postmaster orphan = Postmaster.of(data.resolve("postgres")).orElseThrow();
        // the folder is in use while that JVM lives: neither the lock nor the server is ours to take
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> DataDirectoryLock.acquire(data));
        assertTrue(busy.getMessage().contains("pid " + vigil.pid()), busy.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Postmaster.stopOrphan(data.resolve("postgres"), Duration.ofSeconds(30)));

        // kill -9 of the JVM and of its watcher: the server is re-parented and keeps the port
        vigil.descendants().forEach(ProcessHandle::destroyForcibly);
        vigil.destroyForcibly().waitFor();
        assertTrue(orphan.process().isAlive());
        assertThrows(IllegalStateException.class,
                () -> LocalServices.requireFree(port, "VIGIL_LOCAL_PG_PORT", "embedded PostgreSQL"));

        toClose.add(DataDirectoryLock.acquire(data));
        Postmaster.stopOrphan(data.resolve("postgres"), Duration.ofSeconds(30));
        assertFalse(orphan.process().isAlive());
        LocalPostgres postgres = start(Duration.ofMinutes(1), e -> { });
        assertNotEquals(orphan.pid(), postgres.pid());
        assertEquals(1, countMarkers());
    }

    @Test
    void serverStopsWithItsKilledJvm() throws Exception {
        Process vigil = startVigilInItsOwnJvm();
        Postmaster server = Postmaster.of(data.resolve("postgres")).orElseThrow();
        vigil.destroyForcibly().waitFor(); // kill -9 of the JVM only: its watcher process sees stdin close
        server.process().onExit().get(30, TimeUnit.SECONDS);
        assertTrue(Postmaster.of(data.resolve("postgres")).isEmpty());
        assertDoesNotThrow(() -> LocalServices.requireFree(port, "VIGIL_LOCAL_PG_PORT", "embedded PostgreSQL"));
    }

    @Test
    void startThatGivesUpWaitingLeavesNoServerBehind() throws Exception {
        start(Duration.ofMinutes(1), e -> { }).close();
        // a server that never accepts connections, as one deep in crash recovery answers 57P03 for minutes
        Path pg = data.resolve("postgres");
        Files.writeString(pg.resolve("standby.signal"), "");
        Files.writeString(pg.resolve("postgresql.auto.conf"), "hot_standby = off\n", StandardOpenOption.APPEND);

        LocalPostgres waiting = new LocalPostgres(pg, port, Duration.ofSeconds(3), e -> { });
        IOException e = assertThrows(IOException.class, waiting::start);
        assertTrue(e.getMessage().contains("PT3S") && e.getMessage().contains("VIGIL_LOCAL_PG_STARTUP_WAIT"),
                e.getMessage());
        assertTrue(Postmaster.of(pg).isEmpty(), "a server was left running");
        assertDoesNotThrow(() -> LocalServices.requireFree(port, "VIGIL_LOCAL_PG_PORT", "embedded PostgreSQL"));
    }

    @Test
    void serverKilledUnderARunningVigilIsStartedAgainWithItsData() throws Exception {
        AtomicReference<Exception> lost = new AtomicReference<>();
        LocalPostgres postgres = start(Duration.ofMinutes(1), lost::set);
        insertMarker();
        long killed = postgres.pid();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // kill -9 of the postmaster only

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                assertEquals(1, countMarkers());
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
        assertNotEquals(killed, postgres.pid());
        assertEquals(null, lost.get());
    }

    @Test
    void oneVigilPerDataDirectory() throws Exception {
        try (DataDirectoryLock held = DataDirectoryLock.acquire(data)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataDirectoryLock.acquire(data));
            assertTrue(e.getMessage().contains("VIGIL_DATA_DIR"), e.getMessage());
        }
        DataDirectoryLock.acquire(data).close();
    }

    private LocalPostgres start(Duration wait, java.util.function.Consumer<Exception> onLost) throws IOException {
        LocalPostgres postgres = new LocalPostgres(data.resolve("postgres"), port, wait, onLost);
        toClose.add(0, postgres);
        postgres.start();
        return postgres;
    }

    private Process startVigilInItsOwnJvm() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process vigil = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AbandonedVigil.class.getName(), data.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        children.add(vigil);
        BufferedReader out = new BufferedReader(new InputStreamReader(vigil.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("started ")) {
                // keep draining, or a full pipe would block the child's logging
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return vigil;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the child Vigil did not start:\n" + seen);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    private void insertMarker() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table marker(id int)");
            s.execute("insert into marker values (1)");
        }
    }

    private int countMarkers() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from marker")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
