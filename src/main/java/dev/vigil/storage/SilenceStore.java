package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Series that stopped sending data (README "Silence"): the candidates a pass judges, the episodes it opened, and
 * their end once a window after the last one is scored. Calls join the caller's transaction.
 */
@ApplicationScoped
public class SilenceStore {

    /** A series whose newest window lies further back than its silence threshold, with no episode open. */
    public record Candidate(long seriesId, String seriesKey, String metric, Map<String, String> dimensions,
                            Instant lastWindow, int stepSeconds) {

        /** The episode this candidate opens, alone (not found shared with a scope). */
        public Silence opened(Instant detectedAt, String outcome) {
            return new Silence(Long.toString(seriesId), seriesKey, metric, dimensions, lastWindow,
                    lastWindow.plusSeconds(stepSeconds), stepSeconds, detectedAt, outcome, null, null, null, null);
        }
    }

    /**
     * An episode as the read API and the events show it; {@code endedAt}, {@code endedBy} ({@code resumed} or
     * {@code dismissed}) and {@code resumedWindow} are null while it is open ({@code resumedWindow} also when
     * dismissed); {@code scope} is the dimension value it was found shared with ({} for the fleet), or null.
     */
    public record Silence(String seriesId, String seriesKey, String metric, Map<String, String> dimensions,
                          Instant lastWindow, Instant expectedWindow, int stepSeconds, Instant detectedAt,
                          String outcome, Map<String, String> scope, Instant endedAt, String endedBy,
                          Instant resumedWindow) {
    }

    /** An open episode whose series scored a window after its last one: {@code resumedWindow} is the first. */
    public record Resumed(long seriesId, Instant lastWindow, Instant resumedWindow) {
    }

    private static final String SILENCE_COLUMNS = """
            select x.series_id, s.series_key, s.metric, s.dimensions::text, x.last_window, x.step_seconds,
                   x.detected_at, x.outcome, x.scope, x.ended_at, x.ended_by, x.resumed_window
            from series_silence x join series s on s.id = x.series_id""";

    /** Steps past its threshold a series is still reported silent, when that reaches beyond the horizon. */
    public static final int HORIZON_STEPS = 3;

    private final Jdbc jdbc;

    public SilenceStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Serialises passes across replicas for the rest of the transaction. */
    public void lock() {
        jdbc.query("lock silence", "select pg_advisory_xact_lock(7333, 1)", rs -> 1);
    }

    /**
     * Series that may be silent at {@code cutoff}: their newest scored window is older than max({@code after},
     * {@code windows} steps), or than {@code floor} when given (the least threshold a rule sets), no window of theirs
     * was stored after it (so a backlog or a quarantine is not silence), they were heard from within {@code
     * horizon}, or within their threshold and {@link #HORIZON_STEPS} more steps when that is longer (a series that
     * stopped long ago is not news, but a weekly series' threshold of six weeks is past a week's horizon and a daily
     * one's six days left one day in which a pass had to run), and no episode is open or was dismissed for the same
     * stop. The step is the one their last run saw; where none was kept (a series that stopped before the upgrade
     * that added it) the least gap between its last four windows; a series with one window has none and is never
     * silent. The caller applies each series' own threshold.
     */
    public List<Candidate> candidates(Instant cutoff, Duration after, int windows, Duration floor,
                                      Duration horizon) {
        return jdbc.query("find silent series", """
                select s.id, s.series_key, s.metric, s.dimensions::text, st.last_window, st.step
                from (select g.series_id, g.last_window,
                             case when g.step > 0 then g.step else coalesce((
                                 select min(extract(epoch from l.gap))::int
                                 from (select r.window_start - lag(r.window_start) over (order by r.window_start)
                                              as gap
                                       from (select w.window_start from window_aggregate w
                                             where w.series_id = g.series_id and w.window_start <= g.last_window
                                             order by w.window_start desc limit 4) r) l), 0) end as step
                      from (select series_id, max(last_window) as last_window, max(step_seconds) as step
                            from series_state group by series_id
                            having max(last_window) >= ?::timestamptz - make_interval(secs => greatest(?::float8,
                                greatest(?, ? * max(step_seconds)) + ? * max(step_seconds)))) g) st
                join series s on s.id = st.series_id
                where st.step > 0
                  and st.last_window < ?::timestamptz
                      - make_interval(secs => least(?::float8, greatest(?, ? * st.step)))
                  and not exists (select 1 from series_silence x where x.series_id = st.series_id
                                  and (x.ended_at is null or x.last_window = st.last_window))
                  and not exists (select 1 from window_aggregate w
                                  where w.series_id = st.series_id and w.window_start > st.last_window)
                order by st.last_window, s.id""",
                rs -> new Candidate(rs.getLong(1), rs.getString(2), rs.getString(3), Json.dimensions(rs.getString(4)),
                        Jdbc.instant(rs, 5), rs.getInt(6)),
                cutoff, (double) horizon.toSeconds(), (double) after.toSeconds(), windows, HORIZON_STEPS,
                cutoff, floor == null ? null : (double) floor.toSeconds(),
                (double) after.toSeconds(), windows);
    }

    /**
     * The newest window scored of any series (null: none): how far the fleet's data has arrived, read after an
     * absence of Vigil to tell a backlog still on its way from a series that stopped.
     */
    public Instant frontier() {
        return jdbc.query("find the newest scored window", "select max(last_window) from series_state",
                rs -> Jdbc.instant(rs, 1)).get(0);
    }

    /**
     * Opens one episode per candidate, detected at {@code detectedAt}, with its outcome and the scope it was found
     * shared with (null: alone).
     */
    public void open(List<Candidate> silent, List<String> outcomes, List<Map<String, String>> scopes,
                     Instant detectedAt) {
        if (silent.isEmpty()) {
            return;
        }
        jdbc.update("open silences", """
                insert into series_silence (series_id, last_window, step_seconds, detected_at, outcome, scope)
                select u.id, u.last_window, u.step, ?, u.outcome, u.scope
                from unnest(?::bigint[], ?::timestamptz[], ?::int[], ?::text[], ?::text[])
                    u (id, last_window, step, outcome, scope)
                on conflict do nothing""", detectedAt,
                silent.stream().map(Candidate::seriesId).toArray(Long[]::new),
                silent.stream().map(Candidate::lastWindow).toArray(Instant[]::new),
                silent.stream().map(Candidate::stepSeconds).toArray(Integer[]::new),
                outcomes.toArray(String[]::new),
                scopes.stream().map(x -> x == null ? null : Json.write(new java.util.TreeMap<>(x)))
                        .toArray(String[]::new));
    }

    /** Whether an episode found shared with {@code scope} at {@code detectedAt} is still open. */
    public boolean openIn(Map<String, String> scope, Instant detectedAt) {
        return jdbc.count("look for an open silence of a scope", """
                select count(*) from series_silence
                where ended_at is null and detected_at = ? and scope = ?""", detectedAt,
                Json.write(new java.util.TreeMap<>(scope))) > 0;
    }

    /**
     * Open episodes whose series scored a window after the last one (a probe of the series' state, not of its
     * windows' partitions, so dead series left open cost little), with the first such window.
     */
    public List<Resumed> resumed() {
        return jdbc.query("find resumed series", """
                select x.series_id, x.last_window,
                       (select min(w.window_start) from window_aggregate w
                        where w.series_id = x.series_id and w.window_start > x.last_window)
                from series_silence x
                where x.ended_at is null
                  and exists (select 1 from series_state st
                              where st.series_id = x.series_id and st.last_window > x.last_window)
                order by x.series_id""",
                rs -> new Resumed(rs.getLong(1), Jdbc.instant(rs, 2), Jdbc.instant(rs, 3)));
    }

    /** Ends the episodes at {@code endedAt}; returns them as ended. */
    public List<Silence> end(List<Resumed> resumed, Instant endedAt) {
        if (resumed.isEmpty()) {
            return List.of();
        }
        Long[] ids = resumed.stream().map(Resumed::seriesId).toArray(Long[]::new);
        Instant[] last = resumed.stream().map(Resumed::lastWindow).toArray(Instant[]::new);
        jdbc.update("end silences", """
                update series_silence x set ended_at = ?, ended_by = 'resumed', resumed_window = u.first
                from unnest(?::bigint[], ?::timestamptz[], ?::timestamptz[]) u (id, last_window, first)
                where x.series_id = u.id and x.last_window = u.last_window and x.ended_at is null""", endedAt, ids,
                last, resumed.stream().map(Resumed::resumedWindow).toArray(Instant[]::new));
        return jdbc.query("read ended silences", SILENCE_COLUMNS + """
                 join unnest(?::bigint[], ?::timestamptz[]) u (id, last_window)
                    on x.series_id = u.id and x.last_window = u.last_window
                order by x.series_id""", SilenceStore::silence, ids, last);
    }

    /** Ends the series' open episode as dismissed at {@code at}; empty when none is open. */
    public java.util.Optional<Silence> dismiss(long seriesId, Instant at) {
        List<Instant> last = jdbc.query("dismiss a silence", """
                update series_silence set ended_at = ?, ended_by = 'dismissed'
                where series_id = ? and ended_at is null returning last_window""", rs -> Jdbc.instant(rs, 1), at,
                seriesId);
        return last.isEmpty() ? java.util.Optional.empty() : jdbc.query("read a dismissed silence", SILENCE_COLUMNS
                + " where x.series_id = ? and x.last_window = ?", SilenceStore::silence, seriesId, last.get(0))
                .stream().findFirst();
    }

    /**
     * Ends as dismissed at {@code at} up to {@code limit} open episodes of series whose dimensions hold every entry of
     * {@code scope} (all of them for the empty scope) and, when given, of {@code metric}, in series order; returns
     * them as ended. Their rows are locked as they are picked, so a call waits for a concurrent one's rows rather
     * than ending them twice.
     */
    public List<Silence> dismissIn(Map<String, String> scope, String metric, int limit, Instant at) {
        return jdbc.query("dismiss the silences of a scope", """
                with picked as (
                    select x.series_id, x.last_window from series_silence x join series s on s.id = x.series_id
                    where x.ended_at is null and s.dimensions @> ?::jsonb and (?::text is null or s.metric = ?)
                    order by x.series_id limit ? for update of x)
                update series_silence x set ended_at = ?, ended_by = 'dismissed'
                from picked p join series s on s.id = p.series_id
                where x.series_id = p.series_id and x.last_window = p.last_window
                returning x.series_id, s.series_key, s.metric, s.dimensions::text, x.last_window, x.step_seconds,
                          x.detected_at, x.outcome, x.scope, x.ended_at, x.ended_by, x.resumed_window""",
                SilenceStore::silence, Json.write(new java.util.TreeMap<>(scope)), metric, metric, limit, at);
    }

    /** Open episodes of series in {@code scope} and, when given, of {@code metric} (as {@link #dismissIn} picks). */
    public long openCount(Map<String, String> scope, String metric) {
        return jdbc.count("count the open silences of a scope", """
                select count(*) from series_silence x join series s on s.id = x.series_id
                where x.ended_at is null and s.dimensions @> ?::jsonb and (?::text is null or s.metric = ?)""",
                Json.write(new java.util.TreeMap<>(scope)), metric, metric);
    }

    /**
     * Episodes, most recently detected first: {@code open} only those still open, {@code ended} only those that
     * ended, null both.
     */
    public List<Silence> list(Boolean open, int limit) {
        String where = open == null ? "" : open ? " where x.ended_at is null" : " where x.ended_at is not null";
        return jdbc.query("list silences", SILENCE_COLUMNS + where
                + " order by x.detected_at desc, x.last_window desc, x.series_id limit ?", SilenceStore::silence,
                limit);
    }

    /** Series silent now (an open episode, whatever its outcome). */
    public long openCount() {
        return jdbc.count("count silent series", "select count(*) from series_silence where ended_at is null");
    }

    /** Deletes up to {@code batch} episodes that ended before {@code before}; returns how many. */
    public int pruneEnded(Instant before, int batch) {
        return jdbc.update("prune ended silences", """
                delete from series_silence where (series_id, last_window) in (select series_id, last_window
                    from series_silence where ended_at < ? limit ?)""", before, batch);
    }

    private static Silence silence(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant last = Jdbc.instant(rs, 5);
        int step = rs.getInt(6);
        String scope = rs.getString(9);
        return new Silence(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
                Json.dimensions(rs.getString(4)), last, last.plusSeconds(step), step, Jdbc.instant(rs, 7),
                rs.getString(8), scope == null ? null : Json.dimensions(scope), Jdbc.instant(rs, 10),
                rs.getString(11), Jdbc.instant(rs, 12));
    }
}
