package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The transactional alert outbox: rows are added with the results and marked once Kafka acknowledged them. */
@ApplicationScoped
public class OutboxStore {

    /** A pending alert: its id (the CloudEvent id), partition key and the CloudEvent JSON. */
    public record OutboxRow(UUID id, long seriesId, String key, String payload) {
    }

    private final DataSource dataSource;

    public OutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds alerts; an id already present (a re-scored window that alerted before) is left alone. */
    public void add(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into alert_outbox (id, series_id, payload) values (?, ?, ?::jsonb) on conflict do nothing")) {
            for (OutboxRow r : rows) {
                ps.setObject(1, r.id());
                ps.setLong(2, r.seriesId());
                ps.setString(3, r.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException("could not add alerts to the outbox", e);
        }
    }

    /** Locks and returns the oldest unpublished alerts; other publishers skip the locked rows. */
    public List<OutboxRow> lockPending(int limit) {
        List<OutboxRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select o.id, o.series_id, s.series_key, o.payload::text from alert_outbox o
                join series s on s.id = o.series_id
                where o.published_at is null order by o.created_at limit ? for update of o skip locked""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the outbox", e);
        }
    }

    public void markPublished(List<UUID> ids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update alert_outbox set published_at = now() where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not mark alerts published", e);
        }
    }

    /** Deletes up to {@code batch} alerts published and created before {@code before}; returns how many. */
    public int prunePublished(java.time.Instant before, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from alert_outbox where id = any(array(select id from alert_outbox
                    where published_at is not null and created_at < ? limit ?))""")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(before));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not prune the outbox", e);
        }
    }

    public long backlog() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from alert_outbox where published_at is null");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException("could not count the outbox", e);
        }
    }
}
