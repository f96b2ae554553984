package dev.vigil.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.detection.multivariate.FillMode;
import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.detection.multivariate.VariableQuality;
import dev.vigil.time.IsoDurations;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Group models (status, metadata, the engine's snapshot) and the scoring state of each entity's active model. Every
 * call joins the caller's transaction; {@link #activate} must run in one, so that a new model replaces the old one
 * atomically.
 */
@ApplicationScoped
public class GroupModelStore {

    /** One variable of a model: its name (metric plus the dimensions not in {@code by}) and its series. */
    public record ModelVariable(String variable, String seriesId) {
        public long series() {
            return Long.parseLong(seriesId);
        }
    }

    /** A model as the API shows it (without its bytes). Ids are strings: 64-bit, beyond JavaScript numbers. */
    public record ModelRow(String id, String group, String entityId, String entityKey, int ruleRevision,
                           String status, String reason, List<String> notes, String engine, int engineVersion,
                           List<ModelVariable> variables, Instant trainFrom, Instant trainTo, String step,
                           Integer rowsUsed,
                           List<VariableQuality> quality, Integer components, Double threshold, Long trainingMillis,
                           boolean active, Instant createdAt, Instant finishedAt) {
    }

    /** What training produced, written by {@link #activate} or {@link #fail}. */
    public record Trained(Instant trainFrom, int rows, List<VariableQuality> quality, int components,
                          double threshold, long millis, List<String> notes, byte[] model) {
    }

    /** An active model with what scoring needs from its rule; {@code step}: the grid it was trained on. */
    public record ActiveModel(long id, String group, long entityId, String entityKey, List<ModelVariable> variables,
                              Instant trainTo, Duration step, GroupAggregate aggregate, FillPolicy fill, String engine,
                              int engineVersion) {
    }

    /** An entity's scoring state: the model it belongs to, the last window it has seen and the engine's bytes. */
    public record StoredState(long modelId, Instant lastWindow, byte[] state) {
    }

    private static final TypeReference<List<ModelVariable>> VARIABLES = new TypeReference<>() {
    };
    private static final TypeReference<List<VariableQuality>> QUALITY = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NOTES = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public GroupModelStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the training of one entity on one span: a CREATED model, or empty when another replica (or an earlier
     * request) already trained this entity on this span for this revision of the rule.
     */
    public Optional<Long> claim(String group, long entityId, String entityKey, int ruleRevision, String engine,
                                int engineVersion, List<ModelVariable> variables, Instant from, Instant to,
                                Duration step) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into group_model (group_name, entity_id, entity_key, rule_revision, status, engine,
                    engine_version, variables, train_from, train_to, step_seconds)
                values (?, ?, ?, ?, 'CREATED', ?, ?, ?::jsonb, ?, ?, ?)
                on conflict do nothing returning id""")) {
            ps.setString(1, group);
            ps.setLong(2, entityId);
            ps.setString(3, entityKey);
            ps.setInt(4, ruleRevision);
            ps.setString(5, engine);
            ps.setInt(6, engineVersion);
            ps.setString(7, Json.write(variables));
            ps.setTimestamp(8, Timestamp.from(from));
            ps.setTimestamp(9, Timestamp.from(to));
            ps.setLong(10, step.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not claim the training of " + entityKey, e);
        }
    }

    public void markRunning(long id) {
        exec("update group_model set status = 'RUNNING' where id = ?", ps -> ps.setLong(1, id));
    }

    /**
     * Stores a trained model as READY and makes it the entity's active one in place of the previous, keeping the
     * newest {@code keep} inactive versions. Call inside a transaction.
     */
    public void activate(long id, Trained t, int keep) {
        exec("""
                update group_model set active = false where active and (group_name, entity_id) =
                    (select group_name, entity_id from group_model where id = ?)""", ps -> ps.setLong(1, id));
        exec("""
                update group_model set status = 'READY', reason = null, active = true, train_from = ?, rows_used = ?,
                    quality = ?::jsonb, components = ?, threshold = ?, training_millis = ?, notes = ?::jsonb, model = ?,
                    finished_at = now() where id = ?""", ps -> {
            ps.setTimestamp(1, Timestamp.from(t.trainFrom()));
            ps.setInt(2, t.rows());
            ps.setString(3, Json.write(t.quality()));
            ps.setInt(4, t.components());
            ps.setDouble(5, t.threshold());
            ps.setLong(6, t.millis());
            ps.setString(7, Json.write(t.notes()));
            ps.setBytes(8, t.model());
            ps.setLong(9, id);
        });
        prune(id, keep);
    }

    /** Marks a model FAILED with its reason (and what training saw, where it got that far). */
    public void fail(long id, String reason, Trained t, int keep) {
        exec("""
                update group_model set status = 'FAILED', reason = ?, train_from = ?, rows_used = ?, quality = ?::jsonb,
                    training_millis = ?, notes = ?::jsonb, finished_at = now() where id = ?""", ps -> {
            ps.setString(1, reason);
            ps.setTimestamp(2, Timestamp.from(t.trainFrom()));
            ps.setInt(3, t.rows());
            ps.setString(4, Json.write(t.quality()));
            ps.setLong(5, t.millis());
            ps.setString(6, Json.write(t.notes()));
            ps.setLong(7, id);
        });
        prune(id, keep);
    }

    /** Trainings left CREATED or RUNNING longer than {@code after} (their replica stopped): FAILED, with that reason. */
    public int expireUnfinished(Duration after) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                update group_model set status = 'FAILED', finished_at = now(),
                    reason = 'training did not finish: the replica that ran it stopped'
                where status in ('CREATED', 'RUNNING') and created_at < now() - make_interval(secs => ?)""")) {
            ps.setLong(1, after.toSeconds());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not expire unfinished trainings", e);
        }
    }

    /** The entities of the group that have a model (of any status) for this revision of the rule. */
    public Set<Long> entitiesWithModels(String group, int ruleRevision) {
        Set<Long> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select distinct entity_id from group_model where group_name = ? and rule_revision = ?")) {
            ps.setString(1, group);
            ps.setInt(2, ruleRevision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the models of " + group, e);
        }
    }

    /** Every active model, with its rule's aggregate and fill policy. */
    public List<ActiveModel> active() {
        List<ActiveModel> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select m.id, m.group_name, m.entity_id, m.entity_key, m.variables::text, m.train_to, r.aggregate,
                       r.fill_mode, r.fill_value, m.engine, m.engine_version, m.step_seconds
                from group_model m join group_rule r on r.name = m.group_name
                where m.active order by m.group_name, m.entity_id""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ActiveModel(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        Json.mapper().readValue(rs.getString(5), VARIABLES), rs.getTimestamp(6).toInstant(),
                        Duration.ofSeconds(rs.getLong(12)), GroupAggregate.valueOf(rs.getString(7)),
                        new FillPolicy(FillMode.valueOf(rs.getString(8)), rs.getDouble(9)), rs.getString(10),
                        rs.getInt(11)));
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StorageException("could not read the active group models", e);
        }
    }

    /** The engine's snapshot of a model. */
    public byte[] snapshot(long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select model from group_model where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new StorageException("could not read group model " + id, e);
        }
    }

    /** The models of a group (of one entity when {@code entityId} is not null), newest first, at most {@code limit}. */
    public List<ModelRow> models(String group, Long entityId, int limit) {
        List<ModelRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, group_name, entity_id, entity_key, rule_revision, status, reason, notes::text, engine,
                       engine_version, variables::text, train_from, train_to, rows_used, quality::text, components,
                       threshold, training_millis, active, created_at, finished_at, step_seconds
                from group_model where group_name = ? and (?::bigint is null or entity_id = ?)
                order by active desc, id desc limit ?""")) {
            ps.setString(1, group);
            ps.setObject(2, entityId);
            ps.setObject(3, entityId);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String quality = rs.getString(15);
                    out.add(new ModelRow(Long.toString(rs.getLong(1)), rs.getString(2), Long.toString(rs.getLong(3)),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7),
                            Json.mapper().readValue(rs.getString(8), NOTES), rs.getString(9), rs.getInt(10),
                            Json.mapper().readValue(rs.getString(11), VARIABLES), instant(rs, 12), instant(rs, 13),
                            IsoDurations.text(Duration.ofSeconds(rs.getLong(22))), (Integer) rs.getObject(14),
                            quality == null ? List.of() : Json.mapper().readValue(quality, QUALITY),
                            (Integer) rs.getObject(16), (Double) rs.getObject(17), (Long) rs.getObject(18),
                            rs.getBoolean(19), instant(rs, 20), instant(rs, 21)));
                }
            }
            return out;
        } catch (SQLException | IOException e) {
            throw new StorageException("could not read the models of " + group, e);
        }
    }

    /**
     * Serialises scorers of one entity across replicas until the transaction ends; false if another holds it (it
     * scores the same windows, so this one moves on).
     */
    public boolean tryLockEntity(long entityId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select pg_try_advisory_xact_lock(7332, ?)")) {
            ps.setInt(1, Long.hashCode(entityId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new StorageException("could not lock entity " + entityId, e);
        }
    }

    public Optional<StoredState> state(String group, long entityId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select model_id, last_window, state from group_state where group_name = ? and entity_id = ?")) {
            ps.setString(1, group);
            ps.setLong(2, entityId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredState(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getBytes(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the state of entity " + entityId, e);
        }
    }

    public void saveState(String group, long entityId, StoredState s) {
        exec("""
                insert into group_state (group_name, entity_id, model_id, last_window, state) values (?, ?, ?, ?, ?)
                on conflict (group_name, entity_id) do update set model_id = excluded.model_id,
                    last_window = excluded.last_window, state = excluded.state, updated_at = now()""", ps -> {
            ps.setString(1, group);
            ps.setLong(2, entityId);
            ps.setLong(3, s.modelId());
            ps.setTimestamp(4, Timestamp.from(s.lastWindow()));
            ps.setBytes(5, s.state());
        });
    }

    private void prune(long id, int keep) {
        exec("""
                delete from group_model m using group_model me
                where me.id = ? and m.group_name = me.group_name and m.entity_id = me.entity_id and not m.active
                  and m.id not in (select id from group_model k where k.group_name = me.group_name
                      and k.entity_id = me.entity_id and not k.active order by k.id desc limit ?)""", ps -> {
            ps.setLong(1, id);
            ps.setInt(2, keep);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void exec(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not write a group model", e);
        }
    }

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }
}
