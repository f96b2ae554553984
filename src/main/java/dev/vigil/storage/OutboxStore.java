package dev.vigil.storage;

import dev.vigil.observability.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The transactional alert outbox: rows are added with the results and marked once Kafka acknowledged them. */
@ApplicationScoped
public class OutboxStore {

    /**
     * A pending event: its id (the CloudEvent id), its series (null for events of no single series, such as
     * incidents), partition key and the CloudEvent JSON.
     */
    public record OutboxRow(UUID id, Long seriesId, String key, String payload) {
    }

    /** A locked pending alert and the trace of the run that raised it (null when tracing was off). */
    public record Pending(OutboxRow row, String traceparent) {
    }

    private final DataSource dataSource;

    public OutboxStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds alerts; an id already present (a re-scored window that alerted before) is left alone. The current
     * trace (the detection run's) is kept with them, so that the published CloudEvent joins that trace. In the same
     * statement each new alert is handed to the enabled hooks whose filters it passes (README "Hooks"): a delivery
     * exists exactly when its alert does. An event whose window ended longer before now (the time it is written)
     * than the hook's {@code max_age_seconds} gets its row as {@code skipped}, never sent: a backfill's alerts about
     * last spring do not reach a chat, yet the hook shows they were held back. The window is an anomaly's
     * ({@code data.windowEnd}, series and group alike) or a cap summary's rule-hour ({@code data.hourEnd}); incidents
     * and silences carry neither and are always sent, so that a receiver never sees an opening without its end.
     */
    public void add(List<OutboxRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String traceparent = TraceContext.current().orElse(null);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                with added as (
                    insert into alert_outbox (id, series_id, event_key, payload, traceparent)
                    select r.id, r.series_id, r.event_key, r.payload::jsonb, ?
                    from unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[]) as r (id, series_id, event_key, payload)
                    on conflict do nothing
                    returning id, payload, traceparent)
                insert into hook_delivery (hook_id, event_id, event_type, payload, traceparent, state)
                select h.id, a.id, a.payload ->> 'type', a.payload, a.traceparent,
                    case when h.max_age_seconds is not null and coalesce(a.payload -> 'data' ->> 'windowEnd',
                            a.payload -> 'data' ->> 'hourEnd')::timestamptz
                        < now() - h.max_age_seconds * interval '1 second'
                    then 'skipped' else 'pending' end
                from added a join alert_hook h on h.enabled
                    and (cardinality(h.types) = 0 or a.payload ->> 'type' = any (h.types))
                    and (cardinality(h.rules) = 0 or a.payload -> 'data' ->> 'rule' = any (h.rules)
                        or (jsonb_typeof(a.payload -> 'data' -> 'rules') = 'array' and exists (
                            select 1 from jsonb_array_elements_text(a.payload -> 'data' -> 'rules') as n (name)
                            where n.name = any (h.rules))))""")) {
            ps.setString(1, traceparent);
            ps.setArray(2, c.createArrayOf("uuid", rows.stream().map(OutboxRow::id).toArray()));
            ps.setArray(3, c.createArrayOf("bigint", rows.stream().map(OutboxRow::seriesId).toArray()));
            ps.setArray(4, c.createArrayOf("text", rows.stream().map(OutboxRow::key).toArray()));
            ps.setArray(5, c.createArrayOf("text", rows.stream().map(OutboxRow::payload).toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not add alerts to the outbox", e);
        }
    }

    /** Locks and returns the oldest unpublished alerts; other publishers skip the locked rows. */
    public List<Pending> lockPending(int limit) {
        List<Pending> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select o.id, o.series_id, coalesce(o.event_key, s.series_key), o.payload::text, o.traceparent
                from alert_outbox o left join series s on s.id = o.series_id
                where o.published_at is null order by o.created_at limit ? for update of o skip locked""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutboxRow row = new OutboxRow(rs.getObject(1, UUID.class), rs.getObject(2, Long.class),
                            rs.getString(3), rs.getString(4));
                    out.add(new Pending(row, rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the outbox", e);
        }
    }

    public void markPublished(List<UUID> ids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update alert_outbox set published_at = now() where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not mark alerts published", e);
        }
    }

    /** Deletes up to {@code batch} alerts published and created before {@code before}; returns how many. */
    public int prunePublished(java.time.Instant before, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                delete from alert_outbox where id = any(array(select id from alert_outbox
                    where published_at is not null and created_at < ? limit ?))""")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(before));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not prune the outbox", e);
        }
    }

    public long backlog() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from alert_outbox where published_at is null");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StorageException("could not count the outbox", e);
        }
    }
}
