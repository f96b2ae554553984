package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * When each Vigil process was up (README "Silence"): one row per process, from its start to its last silence pass.
 * Calls join the caller's transaction.
 */
@ApplicationScoped
public class UptimeStore {

    /** One process's time up, as far as it was recorded. */
    public record Span(Instant startedAt, Instant seenAt) {
    }

    private final Jdbc jdbc;

    public UptimeStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records that the process started at {@code at}. */
    public void started(String process, Instant at) {
        jdbc.update("record a process start", """
                insert into vigil_uptime (process_id, started_at, seen_at) values (?, ?, ?)
                on conflict (process_id) do update set started_at = least(vigil_uptime.started_at, excluded.started_at)
                """, process, at, at);
    }

    /**
     * Records that the process was up at {@code at}; a process whose start went unrecorded (the database was down
     * then) is taken as started now, which only widens the gap before it.
     */
    public void seen(String process, Instant at) {
        jdbc.update("record a process up", """
                insert into vigil_uptime (process_id, started_at, seen_at) values (?, ?, ?)
                on conflict (process_id) do update set seen_at = greatest(vigil_uptime.seen_at, excluded.seen_at)
                """, process, at, at);
    }

    /** The spans of processes seen at or after {@code since}, by start. */
    public List<Span> spans(Instant since) {
        return jdbc.query("read process spans", """
                select started_at, seen_at from vigil_uptime where seen_at >= ? order by started_at""",
                rs -> new Span(Jdbc.instant(rs, 1), Jdbc.instant(rs, 2)), since);
    }

    /** Forgets processes last seen before {@code before}; returns how many. */
    public int prune(Instant before) {
        return jdbc.update("prune process spans", "delete from vigil_uptime where seen_at < ?", before);
    }
}
