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

    /**
     * Claims up to {@code count} of the run's shards that nobody has claimed yet and returns those this owner got.
     * Replicas take a few shards at a time, each starting at its own offset, so several replicas split one run
     * instead of the first taking every shard; an empty answer while {@link #unclaimed} is positive means another
     * replica won the race for these shards, and the caller asks again.
     */
    public List<Claim> claimNext(Instant cutoff, int shards, int count, String owner, Duration lease) {
        return claims("""
                insert into detection_claim (run_cutoff, shard, claimed_by, lease_until)
                select ?, g, ?, now() + make_interval(secs => ?) from generate_series(0, ? - 1) g
                where not exists (select 1 from detection_claim d where d.run_cutoff = ? and d.shard = g)
                order by (g + ?) % ? limit ?
                on conflict do nothing returning run_cutoff, shard, claimed_by""", ps -> {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setString(2, owner);
            ps.setLong(3, lease.toSeconds());
            ps.setInt(4, shards);
            ps.setTimestamp(5, Timestamp.from(cutoff));
            ps.setInt(6, Math.floorMod(owner.hashCode(), shards));
            ps.setInt(7, shards);
            ps.setInt(8, count);
        });
    }

    /**
     * Re-opens up to {@code count} of the run's shards that were completed before {@code before}, for a requested run
     * whose cutoff an earlier run already took: without it, readings sent between two manual runs in the same window
     * interval would wait for the next cutoff. Scoring stays exactly once per window; only the claim is taken again.
     */
    public List<Claim> reopenFinished(Instant cutoff, int shards, int count, String owner, Duration lease,
            Instant before) {
        return claims("""
                update detection_claim set claimed_by = ?, claimed_at = now(), completed_at = null, failure = null,
                       lease_until = now() + make_interval(secs => ?)
                where (run_cutoff, shard) in (select run_cutoff, shard from detection_claim
                       where run_cutoff = ? and shard < ? and completed_at < ?
                       order by (shard + ?) % ? limit ? for update skip locked)
                returning run_cutoff, shard, claimed_by""", ps -> {
            ps.setString(1, owner);
            ps.setLong(2, lease.toSeconds());
            ps.setTimestamp(3, Timestamp.from(cutoff));
            ps.setInt(4, shards);
            ps.setTimestamp(5, Timestamp.from(before));
            ps.setInt(6, Math.floorMod(owner.hashCode(), shards));
            ps.setInt(7, shards);
            ps.setInt(8, count);
        });
    }

    /** The database's clock, which stamps {@code completed_at}: a requested run compares claims against it. */
    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select statement_timestamp()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw new StorageException("could not read the database clock", e);
        }
    }

    /**
     * How many of the run's shards are not done yet: unclaimed, or held by a replica that has neither completed nor
     * failed it (still scoring, or gone without a word until its lease runs out).
     */
    public int unfinished(Instant cutoff, int shards) {
        return shardsWithout(cutoff, shards, "completed_at is not null or failure is not null", "unfinished");
    }

    /** How many of the run's shards nobody has claimed yet. */
    public int unclaimed(Instant cutoff, int shards) {
        return shardsWithout(cutoff, shards, "true", "unclaimed");
    }

    /** The run's shards less those with a claim that meets {@code condition} (SQL over detection_claim's columns). */
    private int shardsWithout(Instant cutoff, int shards, String condition, String what) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select ? - count(*) from detection_claim where run_cutoff = ? and shard < ? and (%s)"""
                .formatted(condition))) {
            ps.setInt(1, shards);
            ps.setTimestamp(2, Timestamp.from(cutoff));
            ps.setInt(3, shards);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageException("could not count " + what + " shards", e);
        }
    }

    /**
     * Takes over up to {@code count} claims whose holder let the lease expire without completing (it died or hung)
     * or recorded a failure, oldest run first; never one of {@code except} (those the caller's run failed itself:
     * taken again at once, a fault that repeats would loop within the run).
     */
    public List<Claim> takeOverExpired(String owner, Duration lease, int count, List<Claim> except) {
        return claims("""
                update detection_claim set claimed_by = ?, claimed_at = now(),
                       lease_until = now() + make_interval(secs => ?)
                where (run_cutoff, shard) in (select run_cutoff, shard from detection_claim
                       where completed_at is null and lease_until < now()
                         and (run_cutoff, shard) not in (select * from unnest(?::timestamptz[], ?::int[]))
                       order by run_cutoff, shard limit ? for update skip locked)
                returning run_cutoff, shard, claimed_by""", ps -> {
            ps.setString(1, owner);
            ps.setLong(2, lease.toSeconds());
            ps.setArray(3, ps.getConnection().createArrayOf("timestamptz",
                    except.stream().map(c -> Timestamp.from(c.cutoff())).toArray()));
            ps.setArray(4, ps.getConnection().createArrayOf("int", except.stream().map(Claim::shard).toArray()));
            ps.setInt(5, count);
        });
    }

    /**
     * Adds what one chunk of the (run, shard) scored to its claim, in the chunk's own transaction, whoever holds the
     * claim: a holder that dies or outlives its lease has its committed chunks counted all the same, and the holder
     * that takes the claim over counts only the windows still pending, so each scored window counts once. Counted at
     * completion instead, a dead holder's windows went missing from the run ({@code ClaimCountTest}).
     */
    public void count(Instant cutoff, int shard, int windows, int anomalies, int quarantined) {
        if (windows == 0 && anomalies == 0 && quarantined == 0) {
            return;
        }
        update("""
                update detection_claim set windows_scored = coalesce(windows_scored, 0) + ?,
                    anomalies = coalesce(anomalies, 0) + ?, quarantined = quarantined + ?
                where run_cutoff = ? and shard = ?""", "could not count the work of shard " + shard, ps -> {
            ps.setInt(1, windows);
            ps.setInt(2, anomalies);
            ps.setInt(3, quarantined);
            ps.setTimestamp(4, Timestamp.from(cutoff));
            ps.setInt(5, shard);
        });
    }

    /** Marks the claim done; what was scored under it is already counted ({@link #count}). */
    public void complete(Claim claim) {
        update("""
                update detection_claim set completed_at = now()
                where run_cutoff = ? and shard = ? and claimed_by = ?""", claim, 1, ps -> {
        });
    }

    /**
     * Records why a shard could not finish and lets its lease lapse at once, so the next run on any replica takes
     * it over instead of waiting out the lease. What it scored before the fault stays scored and counted.
     */
    public void fail(Claim claim, String reason) {
        update("""
                update detection_claim set failure = ?, lease_until = now()
                where run_cutoff = ? and shard = ? and claimed_by = ?""", claim, 2, ps -> ps.setString(1, reason));
    }

    /** Deletes up to {@code batch} completed claims of runs before {@code before}; returns how many. */
    public int pruneFinished(Instant before, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from detection_claim where (run_cutoff, shard) in (select run_cutoff, shard
                    from detection_claim where completed_at is not null and run_cutoff < ? limit ?)""")) {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not prune finished claims", e);
        }
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
        update(sql, "could not update claim " + claim, ps -> {
            binder.bind(ps);
            ps.setTimestamp(keyAt, Timestamp.from(claim.cutoff()));
            ps.setInt(keyAt + 1, claim.shard());
            ps.setString(keyAt + 2, claim.owner());
        });
    }

    private void update(String sql, String failure, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(failure, e);
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
