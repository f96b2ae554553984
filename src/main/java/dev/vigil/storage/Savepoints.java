package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs part of the caller's transaction so that its failure undoes only that part: the transaction stays usable
 * and the other parts still commit. The savepoints are plain SQL because the pool refuses
 * {@code Connection.rollback(Savepoint)} on a connection enlisted in a JTA transaction.
 */
@ApplicationScoped
public class Savepoints {

    private final DataSource dataSource;
    private final AtomicLong names = new AtomicLong();

    public Savepoints(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Returns what {@code work} returned, its writes kept; or rolls them back and rethrows what {@code work} threw.
     * Must run inside a transaction.
     */
    public <T> T attempt(Supplier<T> work) {
        String name = "vigil_attempt_" + names.incrementAndGet();
        sql("savepoint " + name);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            try {
                sql("rollback to savepoint " + name);
            } catch (StorageException undo) {
                // the connection is gone: the whole transaction must fail, whatever the work's own fault was
                undo.addSuppressed(e);
                throw undo;
            }
            throw e;
        }
        sql("release savepoint " + name);
        return result;
    }

    private void sql(String statement) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new StorageException("could not " + statement, e);
        }
    }
}
