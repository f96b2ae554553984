package dev.vigil.bench.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * What PostgreSQL holds for one scenario's metric, read with plain SQL on a fresh connection each time (the server
 * may be restarting). Windows scored twice cannot show in {@code anomaly_result} itself (one row per window,
 * upserted), so {@link #install()} adds a trigger that logs every committed write of a result row: a window
 * written more than once was scored more than once.
 */
final class Audit {

    /** The state of one metric. */
    record Totals(long readings, double sum, long windows, long unscored, long scoredOnce, long scoredTwice,
                  long alertsExpected, long outbox, long unpublished, Set<String> outboxIds) {
    }

    private final PostgresServer pg;

    Audit(PostgresServer pg) {
        this.pg = pg;
    }

    /** Run once Vigil's migrations have created {@code anomaly_result}. */
    void install() throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            st.execute("""
                    create table if not exists fault_result_write (series_id bigint not null,
                        window_start timestamptz not null, written_at timestamptz not null default clock_timestamp())""");
            st.execute("""
                    create or replace function fault_result_write() returns trigger language plpgsql as $$
                    begin
                        insert into fault_result_write (series_id, window_start) values (new.series_id, new.window_start);
                        return null;
                    end $$""");
            st.execute("drop trigger if exists fault_result_write on anomaly_result");
            st.execute("""
                    create trigger fault_result_write after insert or update on anomaly_result
                    for each row execute function fault_result_write()""");
        }
    }

    /** Readings stored for the metric, or -1 while PostgreSQL does not answer. */
    long stored(String metric) {
        return number("""
                select coalesce(sum(w.count), 0) from window_aggregate w join series s on s.id = w.series_id
                where s.metric = ?""", metric);
    }

    /** Readings stored for the metric's even ({@code parity} 0) or odd series, or -1 while PostgreSQL does not answer. */
    long stored(String metric, int parity) {
        return number("""
                select coalesce(sum(w.count), 0) from window_aggregate w join series s on s.id = w.series_id
                where s.metric = ? and substring(s.dimensions ->> 'meter' from 2)::int % 2 = """ + parity, metric);
    }

    /** Windows of the metric with a result, or -1 while PostgreSQL does not answer. */
    long scored(String metric) {
        return number("""
                select count(*) from anomaly_result r join series s on s.id = r.series_id where s.metric = ?""", metric);
    }

    /** Windows of the metric whose latest revision is not scored, or -1 while PostgreSQL does not answer. */
    long unscored(String metric) {
        return number("""
                select count(*) from window_aggregate w join series s on s.id = w.series_id
                where s.metric = ? and (w.scored_revision is null or w.scored_revision < w.revision)""", metric);
    }

    /** Alerts of the metric not yet acknowledged by Kafka, or -1 while PostgreSQL does not answer. */
    long unpublished(String metric) {
        return number("""
                select count(*) from alert_outbox o join series s on s.id = o.series_id
                where s.metric = ? and o.published_at is null""", metric);
    }

    /** Every detection claim as {@code run cutoff/shard/replica}. */
    Set<String> claims() throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = pg.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select run_cutoff::text || '/' || shard || '/' || claimed_by from detection_claim")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Detection claims not completed (held, or left by a dead replica), or -1 while PostgreSQL does not answer. */
    long openClaims() {
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from detection_claim where completed_at is null")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    Totals totals(String metric, double minSeverity) throws SQLException {
        try (Connection c = pg.connect()) {
            long readings;
            double sum;
            long windows;
            long unscored;
            try (PreparedStatement ps = c.prepareStatement("""
                    select coalesce(sum(w.count), 0), coalesce(sum(w.sum), 0), count(*),
                           count(*) filter (where w.scored_revision is null or w.scored_revision < w.revision)
                    from window_aggregate w join series s on s.id = w.series_id where s.metric = ?""")) {
                ps.setString(1, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    readings = rs.getLong(1);
                    sum = rs.getDouble(2);
                    windows = rs.getLong(3);
                    unscored = rs.getLong(4);
                }
            }
            long once;
            long twice;
            try (PreparedStatement ps = c.prepareStatement("""
                    select count(*) filter (where n = 1), count(*) filter (where n > 1) from (
                        select count(*) n from fault_result_write f join series s on s.id = f.series_id
                        where s.metric = ? group by f.series_id, f.window_start) x""")) {
                ps.setString(1, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    once = rs.getLong(1);
                    twice = rs.getLong(2);
                }
            }
            long expected;
            try (PreparedStatement ps = c.prepareStatement("""
                    select count(*) from anomaly_result r join series s on s.id = r.series_id
                    where s.metric = ? and r.is_anomaly and r.severity >= ?""")) {
                ps.setString(1, metric);
                ps.setDouble(2, minSeverity);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    expected = rs.getLong(1);
                }
            }
            Set<String> ids = new HashSet<>();
            long unpublished = 0;
            try (PreparedStatement ps = c.prepareStatement("""
                    select o.id::text, o.published_at is null from alert_outbox o join series s on s.id = o.series_id
                    where s.metric = ?""")) {
                ps.setString(1, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        unpublished += rs.getBoolean(2) ? 1 : 0;
                    }
                }
            }
            return new Totals(readings, sum, windows, unscored, once, twice, expected, ids.size(), unpublished, ids);
        }
    }

    private long number(String sql, String metric) {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
