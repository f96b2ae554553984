package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import dev.vigil.storage.QueryRows.AnomalyRow;
import dev.vigil.storage.QueryRows.ResultRow;
import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryRows.WindowRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
                rs.getDouble("last"), rs.getDouble("value"), rs.getInt("revision"), Rows.instant(rs, "revisedAt")), """
                select w.window_start as "windowStart", w.count, w.sum, w.min, w.max, w.sum / w.count as mean,
                       w.last_value as "last", %s as value, w.revision, w.revised_at as "revisedAt"
                from window_aggregate w where w.series_id = ? and w.window_start >= ? and w.window_start < ?
                order by w.window_start limit ?""".formatted(
                        MetricAggregation.valueSql(MetricAggregation.OF_SERIES, "w")),
                seriesId, seriesId, Timestamp.from(from), Timestamp.from(to), limit);
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

    /**
     * What {@link #anomalies} lists: anomalies from {@code since} to {@code until} (exclusive; null: no end) with at
     * least {@code minSeverity}, of one metric, one series and series holding all of {@code dimensions}, where given
     * (null or empty: any).
     */
    public record AnomalyFilter(Instant since, Instant until, double minSeverity, String metric, Long seriesId,
                                Map<String, String> dimensions) {
        public AnomalyFilter {
            dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        }
    }

    /** Anomalies from {@code since} on with at least {@code minSeverity}, of every series: newest first. */
    public List<AnomalyRow> anomalies(Instant since, double minSeverity, int offset, int limit) {
        return anomalies(new AnomalyFilter(since, null, minSeverity, null, null, Map.of()), offset, limit);
    }

    /**
     * Newest first, then by series. Each filter narrows an indexed path: the time range the anomalies' window index,
     * a metric {@code series_metric}, dimensions the GIN index on {@code series.dimensions} ({@code @>}), and a series
     * or the series these give the per-series anomaly index, so the planner takes whichever is narrower.
     */
    public List<AnomalyRow> anomalies(AnomalyFilter filter, int offset, int limit) {
        Statement q = anomalySql(filter, offset, limit);
        return Rows.query(dataSource, rs -> new AnomalyRow(rs.getString("seriesId"), rs.getString("seriesKey"),
                rs.getString("metric"), Rows.instant(rs, "windowStart"), rs.getDouble("value"),
                Rows.real(rs, "expected"), Rows.real(rs, "lower"), Rows.real(rs, "upper"), rs.getDouble("severity"),
                rs.getDouble("score"), rs.getString("reason"), rs.getString("detector"),
                rs.getInt("detectorVersion")), q.sql(), q.args().toArray());
    }

    /** A statement and its arguments, so that a test can ask PostgreSQL for the plan of exactly what runs. */
    record Statement(String sql, List<Object> args) {
    }

    static Statement anomalySql(AnomalyFilter filter, int offset, int limit) {
        StringBuilder where = new StringBuilder("r.is_anomaly and r.window_start >= ? and r.severity >= ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(filter.since()), filter.minSeverity()));
        if (filter.until() != null) {
            where.append(" and r.window_start < ?");
            args.add(Timestamp.from(filter.until()));
        }
        if (filter.metric() != null) {
            where.append(" and s.metric = ?");
            args.add(filter.metric());
        }
        if (filter.seriesId() != null) {
            where.append(" and r.series_id = ?");
            args.add(filter.seriesId());
        }
        if (!filter.dimensions().isEmpty()) {
            where.append(" and s.dimensions @> ?::jsonb");
            args.add(Json.write(filter.dimensions()));
        }
        args.add(offset);
        args.add(limit);
        return new Statement("""
                select r.series_id::text as "seriesId", s.series_key as "seriesKey", s.metric,
                       r.window_start as "windowStart", r.value, r.expected, r.lower_bound as "lower",
                       r.upper_bound as "upper", r.severity, r.score, r.reason, r.detector,
                       r.detector_version as "detectorVersion"
                from anomaly_result r join series s on s.id = r.series_id
                where %s
                order by r.window_start desc, r.series_id offset ? limit ?""".formatted(where), args);
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
