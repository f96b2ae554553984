package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import dev.vigil.security.Sealer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Models of the Azure-compatible multivariate API ({@code mv_model}): the train request, status, errors and
 * diagnostics as JSON the API layer writes, and the engine's snapshot. The request's {@code dataSource} is stored
 * sealed ({@link SealedSource}). Each call is its own autocommit statement.
 */
@ApplicationScoped
public class MvModelStore {

    /**
     * A model as listed and shown. The JSON columns are the API layer's own shapes; {@code unreadable} is null, or
     * why this replica cannot open the request's sealed {@code dataSource} (then null in {@code requestJson}).
     */
    public record ModelRow(UUID id, String status, String displayName, String requestJson, String errorsJson,
                           String diagnosticsJson, int variables, Instant createdAt, Instant updatedAt,
                           String unreadable) {
    }

    /** What scoring needs: the engine's bytes and the grid step the model was trained on. */
    public record Snapshot(String engine, int engineVersion, byte[] bytes, Duration step) {
    }

    private static final String COLUMNS = "id, status, display_name, request::text, errors::text, diagnostics::text,"
            + " variables, created_at, updated_at, data_source";

    private final DataSource dataSource;
    private final MvJobClaims claims;
    private final SealedSource sources;

    public MvModelStore(DataSource dataSource, Sealer sealer) {
        this.dataSource = dataSource;
        this.claims = new MvJobClaims(dataSource, "mv_model");
        this.sources = new SealedSource(sealer, "mv_model");
    }

    /**
     * Inserts a CREATED model unless {@code maxModels} exist or {@code maxPending} are CREATED or RUNNING; the
     * check and the insert hold one advisory lock, so concurrent requests cannot pass the limits together.
     *
     * @return empty when stored, else which limit refused it: "models" or "pending"
     */
    public Optional<String> create(UUID id, String displayName, String requestJson, int maxModels, int maxPending) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(7301113)")) {
                    lock.execute();
                }
                Optional<String> refused = refusal(c, maxModels, maxPending);
                if (refused.isEmpty()) {
                    SealedSource.Stored request = sources.seal(requestJson);
                    try (PreparedStatement ps = c.prepareStatement("insert into mv_model (id, status, display_name,"
                            + " request, data_source) values (?, 'CREATED', ?, ?::jsonb, ?)")) {
                        ps.setObject(1, id);
                        ps.setString(2, displayName);
                        ps.setString(3, request.request());
                        ps.setString(4, request.dataSource());
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return refused;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store a multivariate model", e);
        }
    }

    private static Optional<String> refusal(Connection c, int maxModels, int maxPending) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select count(*), count(*) filter (where status in ('CREATED', 'RUNNING')) from mv_model");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) >= maxModels) {
                return Optional.of("models");
            }
            return rs.getLong(2) >= maxPending ? Optional.of("pending") : Optional.empty();
        }
    }

    /** Claims, leases and waiting of the trainings: the jobs' side of this table. */
    public MvJobClaims claims() {
        return claims;
    }

    /** Stores every model's data source as the configured keys want it; see {@link SealedSource#reseal}. */
    public int reseal() {
        return sources.reseal(dataSource);
    }

    public Optional<ModelRow> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from mv_model where id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read multivariate model " + id, e);
        }
    }

    /** Oldest first, so that paging by offset is stable while models are added. */
    public List<ModelRow> list(int skip, int top) {
        List<ModelRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from mv_model order by created_at, id offset ? limit ?")) {
            ps.setInt(1, skip);
            ps.setInt(2, top);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not list multivariate models", e);
        }
    }

    public int count() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from mv_model");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StorageException("could not count multivariate models", e);
        }
    }

    public boolean delete(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from mv_model where id = ?")) {
            ps.setObject(1, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not delete multivariate model " + id, e);
        }
    }

    public Optional<Snapshot> snapshot(UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select engine, engine_version, snapshot, step_seconds from mv_model where id = ? and snapshot is not null")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Snapshot(rs.getString(1), rs.getInt(2), rs.getBytes(3),
                        Duration.ofSeconds(rs.getLong(4)))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the snapshot of multivariate model " + id, e);
        }
    }

    /** Stores an imported, already trained model as READY. */
    /**
     * Stores an imported model as READY, unless the store holds {@code maxModels} already (false then, nothing
     * stored): the same lock and count as {@link #create}, so imports cannot pass the limit training keeps.
     */
    public boolean insertReady(UUID id, String displayName, String requestJson, String diagnosticsJson, int variables,
                               Snapshot snapshot, int maxModels) {
        SealedSource.Stored request = sources.seal(requestJson);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(7301113)")) {
                    lock.execute();
                }
                if (refusal(c, maxModels, Integer.MAX_VALUE).isPresent()) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into mv_model (id, status, display_name, request, data_source, diagnostics, variables,
                            engine, engine_version, snapshot, step_seconds)
                        values (?, 'READY', ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?)""")) {
                    ps.setObject(1, id);
                    ps.setString(2, displayName);
                    ps.setString(3, request.request());
                    ps.setString(4, request.dataSource());
                    ps.setString(5, diagnosticsJson);
                    ps.setInt(6, variables);
                    ps.setString(7, snapshot.engine());
                    ps.setInt(8, snapshot.engineVersion());
                    ps.setBytes(9, snapshot.bytes());
                    ps.setLong(10, snapshot.step().toSeconds());
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not store an imported multivariate model", e);
        }
    }

    /** Training succeeded; false if the model was deleted meanwhile. */
    public boolean ready(UUID id, String diagnosticsJson, int variables, Snapshot snapshot) {
        return claims.finish(id, "READY", "[]", ", diagnostics = ?::jsonb, variables = ?, engine = ?,"
                        + " engine_version = ?, snapshot = ?, step_seconds = ?", diagnosticsJson, variables,
                snapshot.engine(), snapshot.engineVersion(), snapshot.bytes(), snapshot.step().toSeconds());
    }

    /** Training failed; {@code diagnosticsJson} may be null. */
    public boolean failed(UUID id, String errorsJson, String diagnosticsJson) {
        return claims.finish(id, "FAILED", errorsJson, ", diagnostics = ?::jsonb", diagnosticsJson);
    }

    private ModelRow row(ResultSet rs) throws SQLException {
        SealedSource.Opened request = sources.open(rs.getString(4), rs.getString(10));
        return new ModelRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), request.request(),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant(), request.unreadable());
    }
}
