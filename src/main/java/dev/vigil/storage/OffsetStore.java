package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Kafka consumer positions kept in PostgreSQL, written in the same transaction as the aggregates they produced. */
@ApplicationScoped
public class OffsetStore {

    private final DataSource dataSource;

    public OffsetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public OptionalLong nextOffset(String topic, int partition) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select next_offset from ingest_offset where topic = ? and partition = ?")) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the offset of " + topic + "-" + partition, e);
        }
    }

    /** Saves, per partition of {@code topic}, the offset of the next record to read. */
    public void save(String topic, Map<Integer, Long> nextOffsets) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into ingest_offset (topic, partition, next_offset) values (?, ?, ?)
                     on conflict (topic, partition) do update set next_offset = excluded.next_offset""")) {
            for (Map.Entry<Integer, Long> e : nextOffsets.entrySet()) {
                ps.setString(1, topic);
                ps.setInt(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException("could not save offsets of " + topic, e);
        }
    }
}
