package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.vigil.security.Sealer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Batch detection results of the Azure-compatible multivariate API ({@code mv_result}), JSON as the API writes it;
 * the request's {@code dataSource} is stored sealed ({@link SealedSource}).
 */
@ApplicationScoped
public class MvResultStore {

    /**
     * A result; the JSON columns are the API layer's own shapes. {@code unreadable} is null, or why this replica
     * cannot open the request's sealed {@code dataSource} (then null in {@code requestJson}).
     */
    public record ResultRow(UUID id, UUID modelId, String status, String requestJson, String errorsJson,
                            String variableStatesJson, String resultsJson, Instant createdAt, String unreadable) {
    }

    private final DataSource dataSource;
    private final MvJobClaims claims;
    private final SealedSource sources;

    public MvResultStore(DataSource dataSource, Sealer sealer) {
        this.dataSource = dataSource;
        this.claims = new MvJobClaims(dataSource, "mv_result");
        this.sources = new SealedSource(sealer, "mv_result");
    }

    public void create(UUID id, UUID modelId, String requestJson) {
        SealedSource.Stored request = sources.seal(requestJson);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("insert into"
                + " mv_result (id, model_id, status, request, data_source) values (?, ?, 'CREATED', ?::jsonb, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, modelId);
            ps.setString(3, request.request());
            ps.setString(4, request.dataSource());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not store a multivariate detection", e);
        }
    }

    public Optional<ResultRow> find(UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select id, model_id, status, request::text, errors::text, variable_states::text, results::text,
                    created_at, data_source from mv_result where id = ?""")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                SealedSource.Opened request = sources.open(rs.getString(4), rs.getString(9));
                return Optional.of(new ResultRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), request.request(), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getTimestamp(8).toInstant(), request.unreadable()));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read multivariate result " + id, e);
        }
    }

    /** Claims, leases and waiting of the detections: the jobs' side of this table. */
    public MvJobClaims claims() {
        return claims;
    }

    /** Stores every result's data source as the configured keys want it; see {@link SealedSource#reseal}. */
    public int reseal() {
        return sources.reseal(dataSource);
    }

    /** Forgets results older than {@code retention} (the service kept them 7 days); returns how many. */
    public int expire(Duration retention) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from mv_result where created_at < now() - make_interval(secs => ?)")) {
            ps.setDouble(1, retention.toSeconds());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not expire multivariate results", e);
        }
    }

    public boolean ready(UUID id, String variableStatesJson, String resultsJson) {
        return claims.finish(id, "READY", "[]", ", variable_states = ?::jsonb, results = ?::jsonb",
                variableStatesJson, resultsJson);
    }

    public boolean failed(UUID id, String errorsJson, String variableStatesJson) {
        return claims.finish(id, "FAILED", errorsJson, ", variable_states = ?::jsonb", variableStatesJson);
    }
}
