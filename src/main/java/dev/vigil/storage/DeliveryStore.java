package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The deliveries of events to hooks in {@code hook_delivery}, written with the outbox ({@link OutboxStore#add}) and
 * taken by senders on any replica: a taken delivery is leased (its next attempt moved past the lease), so no two
 * replicas send it at once and one that died while sending leaves it to the next pass.
 */
@ApplicationScoped
public class DeliveryStore {

    /**
     * A delivery due now, with where and how to send it; {@code attempt} counts this one. {@code unreadable} says why
     * the hook's credentials could not be opened (sealed under a key this replica lacks): then url, secret and
     * headers are empty and the attempt fails with that reason, for this hook alone.
     */
    public record Due(long hookId, UUID eventId, String payload, String traceparent, int attempt, String url,
                      String secret, String format, String template, Map<String, String> headers,
                      String unreadable) {
    }

    /** A delivery as the API shows it. */
    public record Delivery(String eventId, String type, String state, int attempts, Integer lastStatus,
                           String lastError, Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt,
                           Instant deliveredAt) {
    }

    private static final String COLUMNS = "event_id, event_type, state, attempts, last_status, last_error, "
            + "created_at, last_at, case when state = 'pending' then next_at end, delivered_at";
    private static final int MAX_ERROR = 500;

    private final Jdbc jdbc;
    private final HookStore hooks;

    public DeliveryStore(DataSource dataSource, HookStore hooks) {
        this.jdbc = new Jdbc(dataSource);
        this.hooks = hooks;
    }

    /**
     * Leases up to {@code limit} pending deliveries of enabled hooks due at {@code now}, oldest due first, at most
     * {@code perHook} of any one hook and none of the hooks in {@code busy} (whose earlier deliveries are still being
     * sent), so that one slow endpoint cannot take every sender.
     */
    public List<Due> lease(Instant now, Instant leaseEnd, int limit, int perHook, Long[] busy) {
        return jdbc.query("lease hook deliveries", """
                with ranked as (
                    select d.hook_id, d.event_id, d.next_at,
                        row_number() over (partition by d.hook_id order by d.next_at) as r
                    from hook_delivery d join alert_hook h on h.id = d.hook_id
                    where d.state = 'pending' and d.next_at <= ? and h.enabled and d.hook_id <> all (?)),
                due as (
                    select d.hook_id, d.event_id from hook_delivery d
                    join ranked k on k.hook_id = d.hook_id and k.event_id = d.event_id
                    where k.r <= ? and d.state = 'pending' and d.next_at <= ?
                    order by k.next_at limit ? for update of d skip locked)
                update hook_delivery d set next_at = ?, attempts = d.attempts + 1
                from due, alert_hook h
                where d.hook_id = due.hook_id and d.event_id = due.event_id and h.id = d.hook_id
                returning d.hook_id, d.event_id, d.payload::text, d.traceparent, d.attempts, h.url, h.secret,
                    h.format, h.template, h.headers""",
                this::due, now, busy, perHook, now, limit, leaseEnd);
    }

    private Due due(ResultSet rs) throws SQLException {
        HookStore.Credentials c = hooks.credentials(rs.getString(6), rs.getString(7), rs.getString(10),
                rs.getString(9));
        return new Due(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5),
                c.url(), c.secret(), rs.getString(8), c.template(), c.headers(), c.unreadable());
    }

    /** Records a delivery; {@code status} is null for mail. */
    public void delivered(Due d, Integer status, Instant at) {
        jdbc.update("mark a hook delivery sent", """
                update hook_delivery set state = 'delivered', last_status = ?, last_error = null, last_at = ?,
                    delivered_at = ? where hook_id = ? and event_id = ?""", status, at, at, d.hookId(), d.eventId());
    }

    /** Records a failed attempt: to be tried again at {@code retryAt}, or given up when that is null. */
    public void failed(Due d, Integer status, String error, Instant at, Instant retryAt) {
        String text = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        jdbc.update("record a failed hook delivery", """
                update hook_delivery set state = ?, last_status = ?, last_error = ?, last_at = ?,
                    next_at = coalesce(?, next_at) where hook_id = ? and event_id = ?""",
                retryAt == null ? "failed" : "pending", status, text, at, retryAt, d.hookId(), d.eventId());
    }

    /** A hook's deliveries, newest first; {@code state} null for every state. */
    public List<Delivery> recent(long hookId, String state, int limit) {
        return jdbc.query("read hook deliveries", "select " + COLUMNS + " from hook_delivery where hook_id = ? "
                + "and (?::text is null or state = ?) order by created_at desc, event_id limit ?",
                DeliveryStore::delivery, hookId, state, state, limit);
    }

    /**
     * Sends a delivery again from its first attempt (a failed one, a skipped one, or a delivered one asked for
     * again).
     */
    public Optional<Delivery> again(long hookId, UUID eventId, Instant now) {
        return jdbc.query("retry a hook delivery", "update hook_delivery set state = 'pending', attempts = 0, "
                + "next_at = ? where hook_id = ? and event_id = ? returning " + COLUMNS,
                DeliveryStore::delivery, now, hookId, eventId).stream().findFirst();
    }

    /** Deletes up to {@code batch} delivered, failed or skipped deliveries written before {@code before}; returns how many. */
    public int prune(Instant before, int batch) {
        return jdbc.update("prune hook deliveries", """
                delete from hook_delivery where (hook_id, event_id) in (select hook_id, event_id from hook_delivery
                    where state <> 'pending' and created_at < ? limit ?)""", before, batch);
    }

    /** Pending deliveries of enabled hooks (the {@code vigil.hooks.backlog} gauge). */
    public long backlog() {
        return jdbc.count("count pending hook deliveries", "select count(*) from hook_delivery d join alert_hook h "
                + "on h.id = d.hook_id where d.state = 'pending' and h.enabled");
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getObject(5, Integer.class), rs.getString(6), Jdbc.instant(rs, 7), Jdbc.instant(rs, 8),
                Jdbc.instant(rs, 9), Jdbc.instant(rs, 10));
    }
}
