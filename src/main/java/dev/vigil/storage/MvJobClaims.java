package dev.vigil.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Claims of the multivariate API's background jobs (a model's training, a batch detection), shared by
 * {@code mv_model} and {@code mv_result}: a job is CREATED, then RUNNING under one replica's lease, which that
 * replica's heartbeat renews while it works. A job whose lease ran out was interrupted (its replica died or
 * restarted): the next claim takes it over, and a job interrupted {@code maxAttempts} times fails with the reason.
 */
public final class MvJobClaims {

    /** What a claim found. */
    public enum Claim { CLAIMED, EXHAUSTED, TAKEN }

    private final DataSource dataSource;
    private final String table;

    MvJobClaims(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
    }

    public Claim claim(UUID id, String owner, Duration lease, int maxAttempts) {
        String sql = "update " + table + " set status = 'RUNNING', claimed_by = ?, attempts = attempts + 1,"
                + " lease_until = now() + make_interval(secs => ?), updated_at = now()"
                + " where id = ? and attempts < ? and (status = 'CREATED' or (status = 'RUNNING' and lease_until < now()))";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            ps.setObject(3, id);
            ps.setInt(4, maxAttempts);
            if (ps.executeUpdate() == 1) {
                return Claim.CLAIMED;
            }
        } catch (SQLException e) {
            throw new StorageException("could not claim " + table + " " + id, e);
        }
        return exhausted(id, maxAttempts) ? Claim.EXHAUSTED : Claim.TAKEN;
    }

    private boolean exhausted(UUID id, int maxAttempts) {
        String sql = "select 1 from " + table + " where id = ? and attempts >= ?"
                + " and (status = 'CREATED' or (status = 'RUNNING' and lease_until < now()))";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setInt(2, maxAttempts);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read " + table + " " + id, e);
        }
    }

    /** Extends the leases of the jobs this replica is working on. */
    public void renew(Collection<UUID> ids, String owner, Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        String sql = "update " + table + " set lease_until = now() + make_interval(secs => ?)"
                + " where id = any(?) and claimed_by = ? and status = 'RUNNING'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, lease.toMillis() / 1000.0);
            ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
            ps.setString(3, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not renew " + table + " leases", e);
        }
    }

    /** Jobs waiting for a worker: never claimed, or interrupted (their lease ran out), oldest first. */
    public List<UUID> waiting(int limit) {
        String sql = "select id from " + table + " where status = 'CREATED'"
                + " or (status = 'RUNNING' and lease_until < now()) order by created_at limit ?";
        List<UUID> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not list waiting " + table + " jobs", e);
        }
    }

    /**
     * Gives a claimed job back as waiting, its attempt not counted: this replica cannot run it (it lacks the key the
     * job's data source is sealed under), another may.
     */
    public void release(UUID id, String owner) {
        String sql = "update " + table + " set status = 'CREATED', claimed_by = null, lease_until = null,"
                + " attempts = greatest(attempts - 1, 0), updated_at = now()"
                + " where id = ? and claimed_by = ? and status = 'RUNNING'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, owner);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not release " + table + " " + id, e);
        }
    }

    /** Ends a job: READY or FAILED with its errors (JSON); false if it is gone (deleted meanwhile). */
    boolean finish(UUID id, String status, String errorsJson, String extraSets, Object... extraArgs) {
        String sql = "update " + table + " set status = ?, errors = ?::jsonb, lease_until = null, updated_at = now()"
                + extraSets + " where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status);
            ps.setString(2, errorsJson);
            int i = 3;
            for (Object a : extraArgs) {
                ps.setObject(i++, a);
            }
            ps.setObject(i, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not finish " + table + " " + id, e);
        }
    }
}
