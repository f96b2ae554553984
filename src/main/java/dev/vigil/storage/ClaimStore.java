package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Claims of (run, shard) for the detection run. An insert decides the first claimer; a claim whose lease ran out
 * without completing can be taken over by another replica. Each call is its own statement in autocommit or in the
 * caller's transaction.
 */
@ApplicationScoped
public class ClaimStore {

    /** One (run, shard) and the replica that holds it. */
    public record Claim(Instant cutoff, int shard, String owner) {
    }

    private final DataSource dataSource;

    public ClaimStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the run's claims for every shard not yet claimed by anyone and returns those this owner got. */
    public List<Claim> claimNew(Instant cutoff, int shards, String owner, Duration lease) {
        return claims("""
                insert into detection_claim (run_cutoff, shard, claimed_by, lease_until)
                select ?, g, ?, now() + make_interval(secs => ?) from generate_series(0, ? - 1) g
                on conflict do nothing returning run_cutoff, shard, claimed_by""", ps -> {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setString(2, owner);
            ps.setLong(3, lease.toSeconds());
            ps.setInt(4, shards);
        });
    }

    /** Takes over claims whose holder let the lease expire without completing (it died or hung). */
    public List<Claim> takeOverExpired(String owner, Duration lease) {
        return claims("""
                update detection_claim set claimed_by = ?, claimed_at = now(),
                       lease_until = now() + make_interval(secs => ?)
                where (run_cutoff, shard) in (select run_cutoff, shard from detection_claim
                       where completed_at is null and lease_until < now() for update skip locked)
                returning run_cutoff, shard, claimed_by""", ps -> {
            ps.setString(1, owner);
            ps.setLong(2, lease.toSeconds());
        });
    }

    /** Marks the claim done; its counts add to what an earlier holder recorded before it failed or was taken over. */
    public void complete(Claim claim, int windows, int anomalies, int quarantined) {
        update("""
                update detection_claim set completed_at = now(),
                    windows_scored = coalesce(windows_scored, 0) + ?, anomalies = coalesce(anomalies, 0) + ?,
                    quarantined = quarantined + ?
                where run_cutoff = ? and shard = ? and claimed_by = ?""", claim, 4, ps -> {
            ps.setInt(1, windows);
            ps.setInt(2, anomalies);
            ps.setInt(3, quarantined);
        });
    }

    /**
     * Records why a shard could not finish and lets its lease lapse at once, so the next run on any replica takes
     * it over instead of waiting out the lease. What it scored before the fault stays scored.
     */
    public void fail(Claim claim, String reason, int windows, int anomalies, int quarantined) {
        update("""
                update detection_claim set failure = ?, lease_until = now(),
                    windows_scored = coalesce(windows_scored, 0) + ?, anomalies = coalesce(anomalies, 0) + ?,
                    quarantined = quarantined + ?
                where run_cutoff = ? and shard = ? and claimed_by = ?""", claim, 5, ps -> {
            ps.setString(1, reason);
            ps.setInt(2, windows);
            ps.setInt(3, anomalies);
            ps.setInt(4, quarantined);
        });
    }

    /** Gives up this owner's unfinished claims (at shutdown), so another replica takes them without waiting. */
    public int release(String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                update detection_claim set lease_until = now()
                where claimed_by = ? and completed_at is null and lease_until > now()""")) {
            ps.setString(1, owner);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not release claims", e);
        }
    }

    /**
     * Runs an update whose last three parameters, from {@code keyAt} on, are the claim's run, shard and holder: a
     * replica that outlived its lease (its claim was taken over) changes nothing of the new holder's record.
     */
    private void update(String sql, Claim claim, int keyAt, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.setTimestamp(keyAt, Timestamp.from(claim.cutoff()));
            ps.setInt(keyAt + 1, claim.shard());
            ps.setString(keyAt + 2, claim.owner());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not update claim " + claim, e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Claim> claims(String sql, Binder binder) {
        List<Claim> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claim(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not claim detection work", e);
        }
    }
}
