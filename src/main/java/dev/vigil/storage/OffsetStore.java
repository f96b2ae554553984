package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * Kafka consumer positions kept in PostgreSQL, written in the same transaction as the aggregates they produced.
 * Positions only move forward, and a writer holds the partition's row lock from reading the position to commit.
 */
@ApplicationScoped
public class OffsetStore {

    private final DataSource dataSource;

    public OffsetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A partition's stored position: every record below {@code nextOffset} is stored (or dead-lettered). */
    public record Position(String topic, int partition, long nextOffset) {
    }

    /** Every stored position, by topic and partition. */
    public List<Position> positions() {
        List<Position> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select topic, partition, next_offset from ingest_offset order by topic, partition");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Position(rs.getString(1), rs.getInt(2), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the stored offsets", e);
        }
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

    /**
     * Locks the positions of the partitions for the rest of the caller's transaction and returns them (0 where none
     * was stored). Another consumer that got the same records, say from before a rebalance, waits here until this
     * transaction ends and then sees the positions it left, so it can skip what this one stored. Rows are locked in
     * partition order, so two consumers never deadlock on them.
     */
    public Map<Integer, Long> lock(String topic, Collection<Integer> partitions) {
        Integer[] ps = partitions.stream().sorted().toArray(Integer[]::new);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into ingest_offset (topic, partition, next_offset) select ?, p, 0 from unnest(?::int[]) p
                    on conflict do nothing""")) {
                insert.setString(1, topic);
                insert.setArray(2, c.createArrayOf("integer", ps));
                insert.executeUpdate();
            }
            Map<Integer, Long> positions = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    select partition, next_offset from ingest_offset where topic = ? and partition = any(?::int[])
                    order by partition for update""")) {
                select.setString(1, topic);
                select.setArray(2, c.createArrayOf("integer", ps));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        positions.put(rs.getInt(1), rs.getLong(2));
                    }
                }
            }
            return positions;
        } catch (SQLException e) {
            throw new StorageException("could not lock the offsets of " + topic, e);
        }
    }

    /** Moves, per partition of {@code topic}, the offset of the next record to read forward (never back). */
    public void advance(String topic, Map<Integer, Long> nextOffsets) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into ingest_offset as o (topic, partition, next_offset) values (?, ?, ?)
                     on conflict (topic, partition) do update
                     set next_offset = greatest(o.next_offset, excluded.next_offset)""")) {
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
