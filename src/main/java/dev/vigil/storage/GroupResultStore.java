package dev.vigil.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.detection.multivariate.CorrelationChange;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Judged group windows: written by the group scorer, read by the API and the dashboard. */
@ApplicationScoped
public class GroupResultStore {

    /**
     * One variable's part in a judged window: its share of the score (non-negative, summing to 1 over the
     * variables), its value and expected value (null where missing), and for the top contributors of an anomaly
     * the variables whose correlation with it changed most.
     */
    public record VariableContribution(String variable, double contribution, Double value, Double expected,
                                       List<CorrelationChange> correlationChanges) {
    }

    /** One judged window of one entity. Ids are strings in JSON (64-bit). */
    public record GroupResult(String group, String entityId, Instant windowStart, String modelId, boolean anomaly,
                              double score, double severity, long revisions,
                              List<VariableContribution> interpretation, Instant runCutoff) {
    }

    /** An entity with its anomalies in a period, for ranking. */
    public record RankedEntity(String group, String entityId, String entityKey, String modelStatus, long anomalies,
                               Double maxSeverity, Instant lastAnomaly) {
    }

    private static final TypeReference<List<VariableContribution>> INTERPRETATION = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public GroupResultStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Upserts results: a re-scored window replaces its row. Joins the caller's transaction. */
    public void save(List<GroupResult> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into group_result (group_name, entity_id, window_start, model_id, is_anomaly, score, severity,
                    revisions, interpretation, run_cutoff) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                on conflict (group_name, entity_id, window_start) do update set model_id = excluded.model_id,
                    is_anomaly = excluded.is_anomaly, score = excluded.score, severity = excluded.severity,
                    revisions = excluded.revisions, interpretation = excluded.interpretation,
                    run_cutoff = excluded.run_cutoff, scored_at = now()""")) {
            for (GroupResult r : rows) {
                ps.setString(1, r.group());
                ps.setLong(2, Long.parseLong(r.entityId()));
                ps.setTimestamp(3, Timestamp.from(r.windowStart()));
                ps.setLong(4, Long.parseLong(r.modelId()));
                ps.setBoolean(5, r.anomaly());
                ps.setDouble(6, r.score());
                ps.setDouble(7, r.severity());
                ps.setLong(8, r.revisions());
                ps.setString(9, Json.write(r.interpretation()));
                ps.setTimestamp(10, Timestamp.from(r.runCutoff()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException("could not write " + rows.size() + " group results", e);
        }
    }

    /** The revisions each stored result of the entity in [from, to) was built from, by window start. */
    public Map<Instant, Long> revisions(String group, long entityId, Instant from, Instant to) {
        Map<Instant, Long> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select window_start, revisions from group_result
                where group_name = ? and entity_id = ? and window_start >= ? and window_start < ?""")) {
            ps.setString(1, group);
            ps.setLong(2, entityId);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getTimestamp(1).toInstant(), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read group result revisions", e);
        }
    }

    /** The entity's results in [from, to), oldest first, only anomalies if asked, at most {@code limit}. */
    public List<GroupResult> results(String group, long entityId, Instant from, Instant to, boolean anomaliesOnly,
                                     int limit) {
        List<GroupResult> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select window_start, model_id, is_anomaly, score, severity, revisions, interpretation::text, run_cutoff
                from group_result where group_name = ? and entity_id = ? and window_start >= ? and window_start < ?
                  and (is_anomaly or not ?) order by window_start limit ?""")) {
            ps.setString(1, group);
            ps.setLong(2, entityId);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            ps.setBoolean(5, anomaliesOnly);
            ps.setInt(6, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, group, entityId));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StorageException("could not read group results", e);
        }
    }

    /**
     * The window time of the group's anomaly just older than its newest {@code kept} in [from, to) (every entity's
     * counted, newest first), or empty when the period holds no more than {@code kept}: the time a rule's preview
     * cut short leaves out. The offset walks the anomalies' index without returning the rows it skips.
     */
    public Optional<Instant> anomalyTimeBeyondNewest(String group, Instant from, Instant to, int kept) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select window_start from group_result
                where group_name = ? and is_anomaly and window_start >= ? and window_start < ?
                order by window_start desc offset ? limit 1""")) {
            ps.setString(1, group);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setInt(4, kept);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read group results", e);
        }
    }

    /**
     * The group's anomalous windows in [from, to), every entity's, in window time then entity, at most
     * {@code limit} (a rule's preview).
     */
    public List<GroupResult> anomalies(String group, Instant from, Instant to, int limit) {
        List<GroupResult> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select window_start, model_id, is_anomaly, score, severity, revisions, interpretation::text, run_cutoff,
                       entity_id
                from group_result where group_name = ? and is_anomaly and window_start >= ? and window_start < ?
                order by window_start, entity_id limit ?""")) {
            ps.setString(1, group);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, group, rs.getLong(9)));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StorageException("could not read a group's anomalies", e);
        }
    }

    /** A result from columns window_start, model_id, is_anomaly, score, severity, revisions, interpretation, run_cutoff. */
    private static GroupResult row(ResultSet rs, String group, long entityId) throws SQLException, IOException {
        return new GroupResult(group, Long.toString(entityId), rs.getTimestamp(1).toInstant(),
                Long.toString(rs.getLong(2)), rs.getBoolean(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6),
                Json.mapper().readValue(rs.getString(7), INTERPRETATION), rs.getTimestamp(8).toInstant());
    }

    /**
     * The entities that have a model (of the group, or of every group when {@code group} is null), most anomalies
     * in [since, until) first, then highest severity, then by key.
     */
    public List<RankedEntity> ranking(String group, Instant since, Instant until, int limit) {
        List<RankedEntity> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select m.group_name, m.entity_id, m.entity_key, m.status, coalesce(a.n, 0), a.top, a.last
                from (select distinct on (group_name, entity_id) group_name, entity_id, entity_key,
                          case when active then 'READY' else status end as status
                      from group_model where ?::text is null or group_name = ?
                      order by group_name, entity_id, active desc, id desc) m
                left join (select group_name, entity_id, count(*) n, max(severity) top, max(window_start) last
                           from group_result where is_anomaly and window_start >= ? and window_start < ?
                             and (?::text is null or group_name = ?)
                           group by group_name, entity_id) a
                       on a.group_name = m.group_name and a.entity_id = m.entity_id
                order by coalesce(a.n, 0) desc, a.top desc nulls last, m.group_name, m.entity_key limit ?""")) {
            ps.setString(1, group);
            ps.setString(2, group);
            ps.setTimestamp(3, Timestamp.from(since));
            ps.setTimestamp(4, Timestamp.from(until));
            ps.setString(5, group);
            ps.setString(6, group);
            ps.setInt(7, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(7);
                    out.add(new RankedEntity(rs.getString(1), Long.toString(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getLong(5), (Double) rs.getObject(6),
                            last == null ? null : last.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not rank group entities", e);
        }
    }
}
