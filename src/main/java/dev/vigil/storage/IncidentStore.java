package dev.vigil.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Incidents and the anomalies they hold ({@code incident}, {@code incident_anomaly}). Calls join the caller's transaction. */
@ApplicationScoped
public class IncidentStore {

    /** An incident as the API and its events show it. */
    public record Incident(UUID id, String status, Map<String, String> scope, Instant firstWindow,
                           Instant lastWindow, double peakSeverity, int seriesCount, int anomalyCount, int version,
                           RootCauseRanking rootCause, Instant openedAt, Instant updatedAt, Instant resolvedAt,
                           int groupAnomalyCount) {
    }

    /**
     * An anomaly that a rule let through and no incident holds yet: of a series ({@code group} null), or of a
     * group's entity ({@code seriesId} and {@code seriesKey} are then the entity's id and key, {@code metric} null,
     * {@code dimensions} the entity's).
     */
    public record Unassigned(long seriesId, String seriesKey, String metric, Map<String, String> dimensions,
                             Instant window, double severity, String group, long stepSeconds) {
    }

    /**
     * An incident near new anomalies, with what grouping needs: its scope, span, its data's largest step and, for an
     * incident of many entities, the last window at which its scope was found shared (null for one entity's).
     */
    public record Near(UUID id, Map<String, String> scope, Instant firstWindow, Instant lastWindow, long stepSeconds,
                       Instant sharedUntil) {
    }

    /** One series (or group entity, {@code metric} null) of an incident with its anomalies' severities. */
    public record Part(long seriesId, String seriesKey, String metric, Map<String, String> dimensions,
                       double severitySum, double peakSeverity, int anomalies) {
    }

    /** One anomaly of an incident, for its timeline; {@code group} set for a group anomaly (the key an entity's). */
    public record Point(String seriesId, String seriesKey, Instant windowStart, double severity, String group) {
    }

    private static final String COLUMNS = "id, status, scope::text, first_window, last_window, peak_severity, "
            + "series_count, anomaly_count, version, root_cause::text, opened_at, updated_at, resolved_at, "
            + "group_anomaly_count";

    private final Jdbc jdbc;

    public IncidentStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** One incident builder at a time across replicas, until the transaction ends. */
    public void lock() {
        jdbc.query("lock incidents", "select pg_advisory_xact_lock(7333, 0)", rs -> 1);
    }

    /** Anomalies (of series and of group entities) decided since {@code since} that passed a rule's filters and no
     * incident holds. */
    public List<Unassigned> unassigned(Instant since) {
        return jdbc.query("read unassigned anomalies", """
                select d.series_id, s.series_key, s.metric, s.dimensions::text, d.window_start, max(d.severity),
                       null::text, coalesce(max(d.step_seconds), 0)
                from alert_decision d join series s on s.id = d.series_id
                where d.decided_at >= ? and not d.settled
                  and d.outcome in ('alerted', 'snoozed', 'capped', 'unconfirmed')
                  and not exists (select 1 from incident_anomaly ia
                                  where ia.series_id = d.series_id and ia.window_start = d.window_start)
                group by d.series_id, s.series_key, s.metric, s.dimensions::text, d.window_start
                union all
                select g.entity_id, g.entity_key, null, g.dimensions::text, g.window_start, max(g.severity),
                       g.group_name, coalesce(max(g.step_seconds), 0)
                from group_decision g
                where g.decided_at >= ? and not g.settled
                  and g.outcome in ('alerted', 'snoozed', 'capped', 'unconfirmed')
                  and not exists (select 1 from incident_group_anomaly ia where ia.group_name = g.group_name
                                  and ia.entity_id = g.entity_id and ia.window_start = g.window_start)
                group by g.entity_id, g.entity_key, g.dimensions::text, g.window_start, g.group_name""",
                rs -> new Unassigned(rs.getLong(1), rs.getString(2), rs.getString(3), Json.dimensions(rs.getString(4)),
                        Jdbc.instant(rs, 5), rs.getDouble(6), rs.getString(7), rs.getLong(8)), since, since);
    }

    /** The oldest window some series still has to score (a backfill in progress, late data), if any. */
    public Optional<Instant> oldestPending() {
        return jdbc.query("find the oldest unscored window",
                "select min(window_start) from window_aggregate where pending", rs -> Jdbc.instant(rs, 1))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Marks anomalies as settled: held in an incident, or held back alone for longer than anything that could still
     * join them (README "Incidents"), so that {@link #unassigned} reads only what a pass can still change.
     */
    public void settle(List<Unassigned> anomalies) {
        List<Unassigned> series = anomalies.stream().filter(a -> a.group() == null).toList();
        List<Unassigned> groups = anomalies.stream().filter(a -> a.group() != null).toList();
        if (!series.isEmpty()) {
            jdbc.update("settle anomalies", """
                    update alert_decision d set settled = true from unnest(?, ?) u(series_id, window_start)
                    where d.series_id = u.series_id and d.window_start = u.window_start and not d.settled""",
                    series.stream().map(Unassigned::seriesId).toArray(Long[]::new),
                    series.stream().map(Unassigned::window).toArray(Instant[]::new));
        }
        if (!groups.isEmpty()) {
            jdbc.update("settle group anomalies", """
                    update group_decision d set settled = true
                    from unnest(?, ?, ?) u(group_name, entity_id, window_start)
                    where d.group_name = u.group_name and d.entity_id = u.entity_id
                      and d.window_start = u.window_start and not d.settled""",
                    groups.stream().map(Unassigned::group).toArray(String[]::new),
                    groups.stream().map(Unassigned::seriesId).toArray(Long[]::new),
                    groups.stream().map(Unassigned::window).toArray(Instant[]::new));
        }
    }

    /**
     * Windows of a coarse step (the batch engine's data, {@code coarseSeconds} or longer) an incident's quiet period
     * counts at most: 24 daily windows would be 24 days (README "Incidents").
     */
    public static final int COARSE_QUIET_WINDOWS = 2;

    /** An incident row's quiet period in seconds ({@code step_seconds}); parameters: quiet, coarse, windows twice. */
    private static final String QUIET = "greatest(?, (case when step_seconds >= ? then least(?, "
            + COARSE_QUIET_WINDOWS + ") else ? end) * step_seconds)";

    /**
     * Incidents whose span, widened by their quiet period (max({@code quiet}, {@code windows} times their step, at
     * most {@link #COARSE_QUIET_WINDOWS} for a step of {@code coarseSeconds} or longer)), meets {@code [from, to]}.
     */
    public List<Near> near(Instant from, Instant to, Duration quiet, int windows, long coarseSeconds) {
        return jdbc.query("read incidents", """
                select id, scope::text, first_window, last_window, step_seconds, shared_until from incident
                where last_window + make_interval(secs => %s) >= ?
                  and first_window - make_interval(secs => %s) <= ?
                order by first_window, id""".formatted(QUIET, QUIET),
                rs -> new Near(rs.getObject(1, UUID.class), Json.dimensions(rs.getString(2)), Jdbc.instant(rs, 3),
                        Jdbc.instant(rs, 4), rs.getLong(5), Jdbc.instant(rs, 6)),
                quiet.getSeconds(), coarseSeconds, windows, windows, from,
                quiet.getSeconds(), coarseSeconds, windows, windows, to);
    }

    public void create(UUID id, Map<String, String> scope, Instant first) {
        jdbc.update("open an incident", """
                insert into incident (id, scope, status, first_window, last_window, peak_severity, series_count,
                    anomaly_count, version) values (?, ?::jsonb, 'open', ?, ?, 0, 0, 0, 0) on conflict do nothing""",
                id, Json.write(scope), first, first);
    }

    public void add(UUID incident, long seriesId, Instant window, double severity) {
        jdbc.update("add an anomaly to an incident", """
                insert into incident_anomaly (series_id, window_start, incident_id, severity) values (?, ?, ?, ?)
                on conflict do nothing""", seriesId, window, incident, severity);
    }

    public void addGroup(UUID incident, String group, long entityId, Instant window, double severity) {
        jdbc.update("add a group anomaly to an incident", """
                insert into incident_group_anomaly (group_name, entity_id, window_start, incident_id, severity)
                values (?, ?, ?, ?, ?) on conflict do nothing""", group, entityId, window, incident, severity);
    }

    /** The incident's group entities with their anomalies ({@code metric} null). */
    public List<Part> groupParts(UUID incident) {
        return jdbc.query("read an incident's group entities", """
                select ia.entity_id, min(d.entity_key), min(d.dimensions::text), sum(ia.severity), max(ia.severity),
                       count(*)
                from incident_group_anomaly ia join lateral (
                    select entity_key, dimensions from group_decision g where g.group_name = ia.group_name
                      and g.entity_id = ia.entity_id and g.window_start = ia.window_start limit 1) d on true
                where ia.incident_id = ? group by ia.group_name, ia.entity_id""",
                rs -> new Part(rs.getLong(1), rs.getString(2), null, Json.dimensions(rs.getString(3)), rs.getDouble(4),
                        rs.getDouble(5), rs.getInt(6)), incident);
    }

    /** The incident's series with their anomalies. */
    public List<Part> parts(UUID incident) {
        return jdbc.query("read an incident's series", """
                select s.id, s.series_key, s.metric, s.dimensions::text, sum(ia.severity), max(ia.severity), count(*)
                from incident_anomaly ia join series s on s.id = ia.series_id where ia.incident_id = ?
                group by s.id, s.series_key, s.metric, s.dimensions::text""",
                rs -> new Part(rs.getLong(1), rs.getString(2), rs.getString(3), Json.dimensions(rs.getString(4)),
                        rs.getDouble(5), rs.getDouble(6), rs.getInt(7)), incident);
    }

    /** Recomputes span, peak and counts from the held anomalies, stores the ranking and counts one more version. */
    /** Moves on the last window at which a many-entity incident's scope was found shared. */
    public void shared(UUID incident, Instant until) {
        jdbc.update("mark an incident's shared scope", """
                update incident set shared_until = greatest(shared_until, ?) where id = ?""", until, incident);
    }

    public void refresh(UUID incident, RootCauseRanking ranking, long stepSeconds) {
        jdbc.update("update an incident", """
                update incident i set first_window = a.f, last_window = a.l, peak_severity = a.p, series_count = a.sc,
                    anomaly_count = a.n, group_anomaly_count = a.g, root_cause = ?::jsonb, version = i.version + 1,
                    updated_at = now(), step_seconds = greatest(i.step_seconds, ?)
                from (select min(window_start) f, max(window_start) l, max(severity) p,
                             count(distinct series_id) sc, count(*) n, count(*) filter (where series_id is null) g
                      from (select series_id, window_start, severity from incident_anomaly where incident_id = ?
                            union all
                            select null, window_start, severity from incident_group_anomaly where incident_id = ?) m) a
                where i.id = ?""", Json.write(ranking), stepSeconds, incident, incident, incident);
    }

    /**
     * Resolves the open incidents no anomaly joined for their quiet period (as {@link #near}) before {@code cutoff};
     * returns their ids.
     */
    public List<UUID> resolveQuiet(Instant cutoff, Duration quiet, int windows, long coarseSeconds) {
        // quiet only if none of its series (quarantined ones aside) still has to score a window in the quiet period:
        // catching up after downtime in several runs, an incident looked quiet against the cutoff while its next
        // windows waited, was resolved, and the same fault opened a second one
        return jdbc.query("resolve incidents", """
                update incident i set status = 'resolved', resolved_at = now(), version = version + 1,
                    updated_at = now()
                where status = 'open' and last_window + make_interval(secs => %s) < ?
                  and not exists (
                    select 1 from (select distinct series_id from incident_anomaly where incident_id = i.id) a
                    join window_aggregate w on w.series_id = a.series_id and w.pending
                     and w.window_start > i.last_window
                     and w.window_start <= i.last_window + make_interval(secs => %s)
                    where not exists (select 1 from series_quarantine q where q.series_id = a.series_id))
                returning id""".formatted(QUIET, QUIET.replace("step_seconds", "i.step_seconds")),
                rs -> rs.getObject(1, UUID.class), quiet.getSeconds(), coarseSeconds, windows, windows, cutoff,
                quiet.getSeconds(), coarseSeconds, windows, windows);
    }

    /** Entities (distinct dimension sets) of all series with every one of these dimension values. */
    public long entitiesWith(Map<String, String> values) {
        return jdbc.count("count entities", "select count(distinct dimensions) from series where dimensions @> ?::jsonb",
                Json.write(values));
    }

    /** The series with every value of a scope; the empty scope: every series with dimensions (the fleet). */
    public long seriesIn(Map<String, String> scope) {
        return jdbc.count("count series in a scope", "select count(*) from series where dimensions @> ?::jsonb "
                + "and dimensions <> '{}'::jsonb", Json.write(scope));
    }

    public long seriesWith(String metric) {
        return jdbc.count("count series", "select count(*) from series where metric = ?", metric);
    }

    public Optional<Incident> find(UUID id) {
        return jdbc.query("read an incident", "select " + COLUMNS + " from incident where id = ?",
                IncidentStore::incident, id).stream().findFirst();
    }

    /**
     * Newest first (then by id, so that pages neither overlap nor skip), {@code limit} from {@code offset};
     * {@code status} null for any.
     */
    public List<Incident> list(String status, Instant since, int offset, int limit) {
        return jdbc.query("list incidents", "select " + COLUMNS + " from incident "
                + "where (?::text is null or status = ?::text) and last_window >= ? "
                + "order by first_window desc, id offset ? limit ?", IncidentStore::incident, status, status, since,
                offset, limit);
    }

    /** The incident's anomalies, oldest first (at most {@code limit}). */
    public List<Point> timeline(UUID incident, int limit) {
        return jdbc.query("read an incident's timeline", """
                select * from (
                    select ia.series_id, s.series_key, ia.window_start, ia.severity, null::text g
                    from incident_anomaly ia join series s on s.id = ia.series_id where ia.incident_id = ?
                    union all
                    select ia.entity_id, min(d.entity_key), ia.window_start, ia.severity, ia.group_name
                    from incident_group_anomaly ia join group_decision d on d.group_name = ia.group_name
                      and d.entity_id = ia.entity_id and d.window_start = ia.window_start
                    where ia.incident_id = ? group by ia.group_name, ia.entity_id, ia.window_start, ia.severity) t
                order by window_start, series_key limit ?""",
                rs -> new Point(Long.toString(rs.getLong(1)), rs.getString(2), Jdbc.instant(rs, 3), rs.getDouble(4),
                        rs.getString(5)), incident, incident, limit);
    }

    /**
     * The incident's series by their share of its summed severity (largest first), {@code limit} from {@code offset}:
     * the ranking in {@code root_cause} keeps only the first 20.
     */
    public List<RootCauseRanking.SeriesCause> series(UUID incident, int offset, int limit) {
        return jdbc.query("read a page of an incident's series", """
                select s.id, s.series_key, sum(ia.severity) / nullif(sum(sum(ia.severity)) over (), 0),
                       max(ia.severity), count(*)
                from incident_anomaly ia join series s on s.id = ia.series_id where ia.incident_id = ?
                group by s.id, s.series_key order by 3 desc nulls last, s.series_key offset ? limit ?""",
                rs -> new RootCauseRanking.SeriesCause(Long.toString(rs.getLong(1)), rs.getString(2), rs.getDouble(3),
                        rs.getDouble(4), rs.getInt(5)), incident, offset, limit);
    }

    private static Incident incident(ResultSet rs) throws SQLException {
        RootCauseRanking ranking;
        try {
            String json = rs.getString(10);
            ranking = json == null || json.equals("[]") ? RootCauseRanking.empty()
                    : Json.mapper().readValue(json, RootCauseRanking.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("incident root cause is malformed", e);
        }
        return new Incident(rs.getObject(1, UUID.class), rs.getString(2),
                Json.dimensions(rs.getString(3)), Jdbc.instant(rs, 4),
                Jdbc.instant(rs, 5), rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), ranking,
                Jdbc.instant(rs, 11), Jdbc.instant(rs, 12), Jdbc.instant(rs, 13), rs.getInt(14));
    }
}
