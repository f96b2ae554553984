package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Feedback rows ({@code feedback}, of series and of group entities) and what they teach the alert rules. Calls join the caller's transaction. */
@ApplicationScoped
public class FeedbackStore {

    /**
     * One feedback row as the API shows it; ids are strings (64-bit integers exceed JavaScript numbers). A group
     * entity's row has {@code group} and {@code entityId} set, its entity key as {@code seriesKey} and no series id.
     */
    public record Feedback(long id, String seriesId, String seriesKey, UUID incidentId, Instant from, Instant to,
                           String kind, String comment, String givenBy, Instant createdAt, Double rebaseDelta,
                           String group, String entityId) {
    }

    /**
     * A notAnomaly pattern of one series: deviations of this sign (0: either), at most {@code maxDeviation} in size
     * (before the tolerance), at minutes of the day in {@code [fromMinute, toMinute]} (wrapping past midnight
     * when {@code fromMinute > toMinute}). A coarse series' pattern ({@code weekdays} not 0) matches the days of the
     * week instead (bit {@code n} set for ISO day {@code n}, UTC), and only before {@code until}.
     *
     * @param weekdays 0 for a pattern matched by time of day
     * @param until    null for a pattern without an end
     */
    public record Dismissal(long seriesId, int sign, double maxDeviation, int fromMinute, int toMinute, int weekdays,
                            Instant until) {

        public Dismissal(long seriesId, int sign, double maxDeviation, int fromMinute, int toMinute) {
            this(seriesId, sign, maxDeviation, fromMinute, toMinute, 0, null);
        }

        /**
         * Whether a later anomaly matches the pattern: at most {@code tolerance} times the dismissed deviation, on
         * the same side when it is more than half of it, and within {@code margin} of the dismissed time of day (a
         * coarse series' pattern: on one of its days of the week, before it ends).
         */
        public boolean covers(Instant t, double deviation, double tolerance, Duration margin) {
            // a deviation of less than half the dismissed one has no meaningful side: a shape or level flag of the
            // same episode may lie inside its band, on either side of the expected value
            boolean sideMatters = Math.abs(deviation) > 0.5 * maxDeviation;
            if (Double.isNaN(deviation) || Math.abs(deviation) > tolerance * maxDeviation
                    || (sideMatters && ((sign > 0 && deviation < 0) || (sign < 0 && deviation > 0)))) {
                return false;
            }
            if (until != null && !t.isBefore(until)) {
                return false;
            }
            return weekdays != 0 ? (weekdays & (1 << t.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue())) != 0
                    : atTimeOfDay(t, fromMinute, toMinute, margin);
        }

        /** Whether {@code t} lies within {@code margin} of the minutes of the day {@code [from, to]} (wrapping). */
        static boolean atTimeOfDay(Instant t, int fromMinute, int toMinute, Duration margin) {
            int m = t.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
            int pad = (int) Math.min(720, margin.toMinutes());
            return within(m, fromMinute - pad, toMinute + pad);
        }

        private static boolean within(int m, int from, int to) {
            if (to - from >= 1439) {
                return true;
            }
            int f = Math.floorMod(from, 1440);
            int len = to - from;
            return Math.floorMod(m - f, 1440) <= len;
        }
    }

    /**
     * A notAnomaly pattern of one group entity: anomalies whose top contributor is one of {@code contributors} (the
     * marked windows' top two), scoring at most {@code maxScore} (before the tolerance), at minutes of the day in
     * {@code [fromMinute, toMinute]} as for a series.
     */
    public record GroupDismissal(String group, long entityId, List<String> contributors, double maxScore,
                                 int fromMinute, int toMinute) {

        /** Whether a later anomaly of the entity matches: same top contributor, not clearly stronger, same time. */
        public boolean covers(Instant t, String topContributor, double score, double tolerance, Duration margin) {
            return topContributor != null && contributors.contains(topContributor) && score <= tolerance * maxScore
                    && Dismissal.atTimeOfDay(t, fromMinute, toMinute, margin);
        }
    }

    /** A group entity that feedback can target: its key for display, and its model's grid step. */
    public record Entity(String group, long entityId, String entityKey, Duration step) {
    }

    /** One series' window with its stored verdict, for learning a pattern or a level shift from it. */
    public record Marked(Instant start, double value, double expected, boolean anomaly) {
    }

    private final Jdbc jdbc;

    public FeedbackStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** A new row; pattern and delta may be null. Returns its id. */
    public long add(long seriesId, UUID incidentId, Instant from, Instant to, String kind, String comment,
                    String givenBy, Dismissal pattern, Double rebaseDelta) {
        return jdbc.query("store feedback", """
                insert into feedback (series_id, incident_id, range_start, range_end, kind, comment, given_by,
                    pattern_sign, pattern_max_deviation, pattern_from_minute, pattern_to_minute, rebase_delta,
                    pattern_weekdays, pattern_until)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", rs -> rs.getLong(1),
                seriesId, incidentId, from, to, kind, comment, givenBy,
                pattern == null ? null : pattern.sign(), pattern == null ? null : pattern.maxDeviation(),
                pattern == null ? null : pattern.fromMinute(), pattern == null ? null : pattern.toMinute(),
                rebaseDelta, pattern == null || pattern.weekdays() == 0 ? null : pattern.weekdays(),
                pattern == null ? null : pattern.until()).get(0);
    }

    /** A new row on a group entity; pattern may be null. Returns its id. */
    public long addGroup(Entity e, UUID incidentId, Instant from, Instant to, String kind, String comment,
                         String givenBy, GroupDismissal pattern) {
        return jdbc.query("store group feedback", """
                insert into feedback (group_name, entity_id, entity_key, incident_id, range_start, range_end, kind,
                    comment, given_by, pattern_contributors, pattern_max_score, pattern_from_minute, pattern_to_minute)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", rs -> rs.getLong(1),
                e.group(), e.entityId(), e.entityKey(), incidentId, from, to, kind, comment, givenBy,
                pattern == null ? null : pattern.contributors().toArray(String[]::new),
                pattern == null ? null : pattern.maxScore(), pattern == null ? null : pattern.fromMinute(),
                pattern == null ? null : pattern.toMinute()).get(0);
    }

    /** Deletes one row (its pattern goes with it); false when there is none with that id. */
    public boolean delete(long id) {
        return jdbc.update("withdraw feedback", "delete from feedback where id = ?", id) == 1;
    }

    /**
     * Makes givers of feedback take turns until the transaction ends, so that an identical request sent at the same
     * time (a retry, a second click) finds the row the first one stored instead of storing its own.
     */
    public void lockGiving() {
        jdbc.query("lock feedback", "select pg_advisory_xact_lock(7335, 0)", rs -> 1);
    }

    /** The id of the series' feedback stored with exactly these fields (oldest first), or null. */
    public Long same(long seriesId, UUID incidentId, Instant from, Instant to, String kind, String comment,
                     String givenBy) {
        return jdbc.query("read feedback", """
                select id from feedback where series_id = ? and incident_id is not distinct from ?::uuid
                  and range_start = ? and range_end = ? and kind = ? and comment is not distinct from ?::text
                  and given_by = ? order by id limit 1""", rs -> rs.getLong(1),
                seriesId, incidentId, from, to, kind, comment, givenBy).stream().findFirst().orElse(null);
    }

    /** The id of the group entity's feedback stored with exactly these fields (oldest first), or null. */
    public Long sameGroup(Entity e, UUID incidentId, Instant from, Instant to, String kind, String comment,
                          String givenBy) {
        return jdbc.query("read group feedback", """
                select id from feedback where group_name = ? and entity_id = ? and incident_id is not distinct from
                  ?::uuid and range_start = ? and range_end = ? and kind = ? and comment is not distinct from ?::text
                  and given_by = ? order by id limit 1""", rs -> rs.getLong(1),
                e.group(), e.entityId(), incidentId, from, to, kind, comment, givenBy).stream().findFirst()
                .orElse(null);
    }

    /** Whether the series has a stored window with readings in {@code [from, to)}. */
    public boolean hasWindows(long seriesId, Instant from, Instant to) {
        return jdbc.query("read a series' windows", """
                select exists (select 1 from window_aggregate where series_id = ? and window_start >= ?
                  and window_start < ? and count > 0)""", rs -> rs.getBoolean(1), seriesId, from, to).get(0);
    }

    /** Whether one of the group entity's series (those its models were built on) has a stored window in the range. */
    public boolean hasWindows(Entity e, Instant from, Instant to) {
        return jdbc.query("read a group entity's windows", """
                select exists (select 1 from window_aggregate where series_id in (
                    select (v->>'seriesId')::bigint from group_model g, jsonb_array_elements(g.variables) v
                    where g.group_name = ? and g.entity_id = ?)
                  and window_start >= ? and window_start < ? and count > 0)""", rs -> rs.getBoolean(1),
                e.group(), e.entityId(), from, to).get(0);
    }

    /** The notAnomaly patterns of these entities of one group, by entity. */
    public Map<Long, List<GroupDismissal>> groupDismissals(String group, Collection<Long> entityIds) {
        Map<Long, List<GroupDismissal>> out = new HashMap<>();
        if (entityIds.isEmpty()) {
            return out;
        }
        jdbc.query("read group feedback patterns", """
                select entity_id, pattern_contributors, pattern_max_score, pattern_from_minute, pattern_to_minute
                from feedback where kind = 'notAnomaly' and pattern_max_score is not null and group_name = ?
                  and entity_id = any(?)""",
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new GroupDismissal(group,
                        rs.getLong(1), List.of((String[]) rs.getArray(2).getArray()), rs.getDouble(3),
                        rs.getInt(4), rs.getInt(5))),
                group, (Object) entityIds.toArray(Long[]::new));
        return out;
    }

    /** The group entity with its key, or null when the group has no model for it. */
    public Entity entity(String group, long entityId) {
        return jdbc.query("read a group entity", """
                select entity_key, step_seconds from group_model where group_name = ? and entity_id = ?
                order by id desc limit 1""",
                rs -> new Entity(group, entityId, rs.getString(1), Duration.ofSeconds(rs.getLong(2))), group,
                entityId).stream().findFirst()
                .orElse(null);
    }

    /** The group entities an incident holds. */
    public List<Entity> incidentEntities(UUID incident) {
        return jdbc.query("read an incident's group entities", """
                select distinct ia.group_name, ia.entity_id, m.entity_key, m.step_seconds
                from incident_group_anomaly ia join lateral (
                    select entity_key, step_seconds from group_model g where g.group_name = ia.group_name
                      and g.entity_id = ia.entity_id order by g.id desc limit 1) m on true
                where ia.incident_id = ? order by 1, 2""",
                rs -> new Entity(rs.getString(1), rs.getLong(2), rs.getString(3), Duration.ofSeconds(rs.getLong(4))),
                incident);
    }

    /** The notAnomaly patterns of these series, by series. */
    public Map<Long, List<Dismissal>> dismissals(Collection<Long> seriesIds) {
        Map<Long, List<Dismissal>> out = new HashMap<>();
        if (seriesIds.isEmpty()) {
            return out;
        }
        jdbc.query("read feedback patterns", """
                select series_id, pattern_sign, pattern_max_deviation, pattern_from_minute, pattern_to_minute,
                       coalesce(pattern_weekdays, 0), pattern_until
                from feedback where kind = 'notAnomaly' and pattern_sign is not null and series_id = any(?)""",
                rs -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Dismissal(rs.getLong(1),
                        rs.getInt(2), rs.getDouble(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                        Jdbc.instant(rs, 7))),
                (Object) seriesIds.toArray(Long[]::new));
        return out;
    }

    /**
     * The series' windows in {@code [from, to)} with the result each was judged by, that of {@code detector} when
     * there are two, oldest first: a coarse series' windows carry the batch engine's results, not the streaming
     * detector's.
     */
    public List<Marked> marked(long seriesId, String detector, Instant from, Instant to) {
        return jdbc.query("read marked windows", """
                select w.window_start, %s, r.expected, coalesce(r.is_anomaly, false)
                from window_aggregate w left join lateral (
                    select expected, is_anomaly from anomaly_result r where r.series_id = w.series_id
                      and r.window_start = w.window_start order by r.detector = ? desc limit 1) r on true
                where w.series_id = ? and w.window_start >= ? and w.window_start < ? and w.count > 0
                order by w.window_start""".formatted(MetricAggregation.valueSql(MetricAggregation.OF_SERIES, "w")),
                rs -> {
                    // wasNull asks about the column read last: the expected value, read before the others
                    double expected = rs.getDouble(3);
                    boolean none = rs.wasNull();
                    return new Marked(Jdbc.instant(rs, 1), rs.getDouble(2), none ? Double.NaN : expected,
                            rs.getBoolean(4));
                }, seriesId, detector, seriesId, from, to);
    }

    /** The series' key, or null when there is no such series. */
    public String seriesKey(long seriesId) {
        return jdbc.query("read a series", "select series_key from series where id = ?", rs -> rs.getString(1),
                seriesId).stream().findFirst().orElse(null);
    }

    /** Newest first; {@code entityId} filters with {@code group}. */
    public List<Feedback> list(Long seriesId, UUID incidentId, String group, Long entityId, int limit) {
        return jdbc.query("list feedback", """
                select f.id, f.series_id, coalesce(s.series_key, f.entity_key), f.incident_id, f.range_start,
                       f.range_end, f.kind, f.comment, f.given_by, f.created_at, f.rebase_delta, f.group_name,
                       f.entity_id
                from feedback f left join series s on s.id = f.series_id
                where (?::bigint is null or f.series_id = ?::bigint) and (?::uuid is null or f.incident_id = ?::uuid)
                  and (?::text is null or f.group_name = ?::text) and (?::bigint is null or f.entity_id = ?::bigint)
                order by f.created_at desc, f.id desc limit ?""", FeedbackStore::feedback,
                seriesId, seriesId, incidentId, incidentId, group, group, entityId, entityId, limit);
    }

    public List<Feedback> byIds(List<Long> ids) {
        return jdbc.query("read feedback", """
                select f.id, f.series_id, coalesce(s.series_key, f.entity_key), f.incident_id, f.range_start,
                       f.range_end, f.kind, f.comment, f.given_by, f.created_at, f.rebase_delta, f.group_name,
                       f.entity_id
                from feedback f left join series s on s.id = f.series_id where f.id = any(?) order by f.id""",
                FeedbackStore::feedback, (Object) ids.toArray(Long[]::new));
    }

    private static Feedback feedback(ResultSet rs) throws SQLException {
        long series = rs.getLong(2);
        String seriesId = rs.wasNull() ? null : Long.toString(series);
        double delta = rs.getDouble(11);
        Double d = rs.wasNull() ? null : delta;
        long entity = rs.getLong(13);
        String entityId = rs.wasNull() ? null : Long.toString(entity);
        return new Feedback(rs.getLong(1), seriesId, rs.getString(3), rs.getObject(4, UUID.class),
                Jdbc.instant(rs, 5), Jdbc.instant(rs, 6), rs.getString(7), rs.getString(8), rs.getString(9),
                Jdbc.instant(rs, 10), d, rs.getString(12), entityId);
    }
}
