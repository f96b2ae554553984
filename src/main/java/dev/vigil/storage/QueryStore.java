package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.ResultRow;
import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryRows.WindowRow;
import java.util.List;
import javax.sql.DataSource;

/** Read-only queries behind the query API: windows, results, anomalies and runs. */
@ApplicationScoped
public class QueryStore {

    private final DataSource dataSource;

    public QueryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<WindowRow> windows(long seriesId, Instant from, Instant to, int limit) {
        return Rows.query(dataSource, rs -> new WindowRow(Rows.instant(rs, "windowStart"), rs.getLong("count"),
                rs.getDouble("sum"), rs.getDouble("min"), rs.getDouble("max"), rs.getDouble("mean"),
                rs.getDouble("last"), rs.getInt("revision"), Rows.instant(rs, "revisedAt")), """
                select window_start as "windowStart", count, sum, min, max, sum / count as mean,
                       last_value as "last", revision, revised_at as "revisedAt"
                from window_aggregate where series_id = ? and window_start >= ? and window_start < ?
                order by window_start limit ?""", seriesId, Timestamp.from(from), Timestamp.from(to), limit);
    }

    public List<ResultRow> results(long seriesId, Instant from, Instant to, int limit) {
        return Rows.query(dataSource, rs -> new ResultRow(Rows.instant(rs, "windowStart"), rs.getDouble("value"),
                Rows.real(rs, "expected"), Rows.real(rs, "lower"), Rows.real(rs, "upper"), rs.getBoolean("anomaly"),
                rs.getDouble("severity"), rs.getDouble("score"), rs.getBoolean("warmingUp"), rs.getString("reason"),
                rs.getString("detector"), rs.getInt("detectorVersion"), Rows.instant(rs, "scoredAt")), """
                select window_start as "windowStart", value, expected, lower_bound as "lower",
                       upper_bound as "upper", is_anomaly as "anomaly", severity, score, warming_up as "warmingUp",
                       reason,
                       detector, detector_version as "detectorVersion", scored_at as "scoredAt"
                from anomaly_result where series_id = ? and window_start >= ? and window_start < ?
                order by window_start limit ?""", seriesId, Timestamp.from(from), Timestamp.from(to), limit);
    }

    public List<AnomalyRow> anomalies(Instant since, double minSeverity, int offset, int limit) {
        return Rows.query(dataSource, rs -> new AnomalyRow(rs.getString("seriesId"), rs.getString("seriesKey"),
                rs.getString("metric"), Rows.instant(rs, "windowStart"), rs.getDouble("value"),
                Rows.real(rs, "expected"), Rows.real(rs, "lower"), Rows.real(rs, "upper"), rs.getDouble("severity"),
                rs.getDouble("score"), rs.getString("reason"), rs.getString("detector"),
                rs.getInt("detectorVersion")), """
                select r.series_id::text as "seriesId", s.series_key as "seriesKey", s.metric,
                       r.window_start as "windowStart", r.value, r.expected, r.lower_bound as "lower",
                       r.upper_bound as "upper", r.severity, r.score, r.reason, r.detector,
                       r.detector_version as "detectorVersion"
                from anomaly_result r join series s on s.id = r.series_id
                where r.is_anomaly and r.window_start >= ? and r.severity >= ?
                order by r.window_start desc, r.series_id offset ? limit ?""",
                Timestamp.from(since), minSeverity, offset, limit);
    }

    public List<RunRow> runs(int limit) {
        return Rows.query(dataSource, rs -> new RunRow(Rows.instant(rs, "cutoff"), rs.getLong("shards"),
                rs.getLong("shardsCompleted"), Rows.instant(rs, "startedAt"), Rows.instant(rs, "completedAt"),
                rs.getLong("windowsScored"), rs.getLong("anomalies"), rs.getLong("shardsFailed"),
                rs.getLong("seriesQuarantined"), rs.getString("failures"), rs.getBoolean("running")), """
                select run_cutoff as "cutoff", count(*) as shards, count(completed_at) as "shardsCompleted",
                       min(claimed_at) as "startedAt", max(completed_at) as "completedAt",
                       coalesce(sum(windows_scored), 0) as "windowsScored", coalesce(sum(anomalies), 0) as anomalies,
                       count(*) filter (where completed_at is null and failure is not null) as "shardsFailed",
                       coalesce(sum(quarantined), 0) as "seriesQuarantined",
                       string_agg(distinct failure, '; ') filter (where completed_at is null) as "failures",
                       coalesce(bool_or(completed_at is null and failure is null), false) as running
                from detection_claim group by run_cutoff order by run_cutoff desc limit ?""", limit);
    }
}
