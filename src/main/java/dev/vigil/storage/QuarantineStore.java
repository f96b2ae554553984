package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Series set aside by detection after a failure, so that one bad series never stops its shard. Each failure
 * doubles the wait before the next try, from {@code backoff} up to {@code maxBackoff}; a success clears the row.
 * Calls join the caller's transaction, or run in autocommit outside one.
 */
@ApplicationScoped
public class QuarantineStore {

    /** A quarantined series as the read API shows it. */
    public record Quarantined(String seriesId, String seriesKey, String error, int failures, Instant firstFailed,
                              Instant lastFailed, Instant retryAfter) {
    }

    /** Errors are stored cut to this many characters: enough for the exception and its message. */
    static final int MAX_ERROR = 1000;

    private final DataSource dataSource;

    public QuarantineStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records one failure per series (id to error text) and pushes each retry out by the doubled back-off. */
    public void record(Map<Long, String> failures, Duration backoff, Duration maxBackoff) {
        if (failures.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into series_quarantine as q (series_id, error, failures, retry_after)
                values (?, ?, 1, now() + make_interval(secs => ?))
                on conflict (series_id) do update set error = excluded.error, failures = q.failures + 1,
                    last_failed = now(),
                    retry_after = now() + make_interval(secs => least(?, ? * power(2, least(q.failures, 30))))""")) {
            for (Map.Entry<Long, String> f : failures.entrySet()) {
                String error = f.getValue().length() > MAX_ERROR ? f.getValue().substring(0, MAX_ERROR) : f.getValue();
                ps.setLong(1, f.getKey());
                ps.setString(2, error);
                ps.setLong(3, backoff.toSeconds());
                ps.setLong(4, maxBackoff.toSeconds());
                ps.setLong(5, backoff.toSeconds());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException("could not quarantine " + failures.size() + " series", e);
        }
    }

    /** Releases series that scored again. */
    public void clear(Collection<Long> seriesIds) {
        if (seriesIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from series_quarantine where series_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", seriesIds.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not release quarantined series", e);
        }
    }

    /** Lets a series be tried at the next run, whatever its back-off; false if it was not quarantined. */
    public boolean retryNow(long seriesId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update series_quarantine set retry_after = now() where series_id = ?")) {
            ps.setLong(1, seriesId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not release a quarantined series", e);
        }
    }

    public long count() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from series_quarantine");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException("could not count quarantined series", e);
        }
    }

    /** The most recently failed first. */
    public List<Quarantined> list(int limit) {
        List<Quarantined> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select q.series_id, s.series_key, q.error, q.failures, q.first_failed, q.last_failed, q.retry_after
                from series_quarantine q join series s on s.id = q.series_id
                order by q.last_failed desc, q.series_id limit ?""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Quarantined(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not list quarantined series", e);
        }
    }
}
