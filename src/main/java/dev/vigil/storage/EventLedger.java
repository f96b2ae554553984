package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Remembers the CloudEvents (source, id) already taken, inside the caller's transaction: a redelivered event finds
 * its row and is dropped; two concurrent deliveries serialise on the primary key and only one inserts.
 */
@ApplicationScoped
public class EventLedger {

    /** A CloudEvent's identity per the spec: source plus id. */
    public record EventId(String source, String id) {
    }

    private static final String RECORD = """
            insert into ingested_event (source, id)
            select * from unnest(?::text[], ?::text[]) on conflict do nothing returning source, id""";

    private final DataSource dataSource;

    public EventLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the ids and returns those that were new. */
    public Set<EventId> recordNew(List<EventId> ids) {
        Set<EventId> fresh = new HashSet<>();
        if (ids.isEmpty()) {
            return fresh;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(RECORD)) {
            ps.setArray(1, c.createArrayOf("text", ids.stream().map(EventId::source).toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.stream().map(EventId::id).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fresh.add(new EventId(rs.getString(1), rs.getString(2)));
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new StorageException("could not record event ids", e);
        }
    }

    /**
     * Forgets up to {@code batch} ids older than the horizon; returns how many. Small batches keep each delete's
     * locks and WAL short while ingestion writes beside it; call again until it returns less than {@code batch}.
     */
    public int forgetBefore(java.time.Instant horizon, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from ingested_event where ctid = any(array(
                    select ctid from ingested_event where received_at < ? limit ?))""")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(horizon));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not purge event ids", e);
        }
    }
}
