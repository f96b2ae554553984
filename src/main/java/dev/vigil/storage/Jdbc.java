package dev.vigil.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Parameterised statements for the alerting stores, joining the caller's transaction: instants are bound as
 * timestamps, every SQL failure becomes a {@link StorageException} that names what was being done.
 */
final class Jdbc {

    /** Reads one row. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Rows fetched at a time by {@link #each}. */
    private static final int FETCH = 10_000;

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> query(String what, String sql, RowReader<T> reader, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not " + what, e);
        }
    }

    /**
     * Hands each row to {@code reader} as it is read, keeping none: for reads too long to hold (inside a transaction
     * the driver fetches them a batch at a time).
     */
    void each(String what, String sql, RowReader<?> reader, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            ps.setFetchSize(FETCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new StorageException("could not " + what, e);
        }
    }

    int update(String what, String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(c, ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not " + what, e);
        }
    }

    long count(String what, String sql, Object... args) {
        return query(what, sql, rs -> rs.getLong(1), args).get(0);
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }

    /** A nullable double column, NULL as NaN (how results keep a missing expected value or band). */
    static double nan(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static void bind(Connection c, PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a instanceof Long[] ids) {
                ps.setArray(i + 1, c.createArrayOf("bigint", ids));
            } else if (a instanceof Instant[] times) {
                Timestamp[] ts = new Timestamp[times.length];
                for (int j = 0; j < times.length; j++) {
                    ts[j] = Timestamp.from(times[j]);
                }
                ps.setArray(i + 1, c.createArrayOf("timestamptz", ts));
            } else if (a instanceof String[] texts) {
                ps.setArray(i + 1, c.createArrayOf("text", texts));
            } else if (a instanceof Double[] reals) {
                ps.setArray(i + 1, c.createArrayOf("float8", reals));
            } else if (a instanceof Integer[] ints) {
                ps.setArray(i + 1, c.createArrayOf("int4", ints));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
