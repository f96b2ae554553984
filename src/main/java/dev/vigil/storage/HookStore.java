package dev.vigil.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.security.Sealer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The web hooks in {@code alert_hook} (README "Hooks"). Calls join the caller's transaction. A hook's URL, secret,
 * extra headers and template are credentials (an incident tool's routing key lives in the body): they are stored
 * sealed ({@link Sealer}) and opened as they are read.
 */
@ApplicationScoped
public class HookStore {

    /**
     * What a request sets: where events go, which, and as what ({@code cloudevents}, {@code chat}, {@code template}
     * with its {@code template}, or {@code email}). Empty {@code types} or {@code rules}: no such filter.
     * {@code maxAge}: anomalies and cap summaries whose window ended longer than this before they were written are
     * skipped ({@link OutboxStore#add}); null sends them whatever their age.
     */
    public record HookSpec(String name, String url, List<String> types, List<String> rules, boolean enabled,
                           String format, String template, Duration maxAge) {
    }

    /**
     * A stored hook, with its signing secret, extra headers and the count of its pending, failed and skipped (older
     * than its {@code maxAge}) deliveries.
     * {@code unreadable} says why its credentials could not be opened (sealed under a key not configured here); its
     * URL and secret are then null and its headers empty.
     */
    public record Hook(long id, HookSpec spec, String secret, Map<String, String> headers, Instant createdAt,
                       Instant updatedAt, long pending, long failed, long skipped, String unreadable) {
    }

    // the three counts in one pass over the hook's deliveries (its index is by hook and time, not by state)
    private static final String SELECT = """
            select h.id, h.name, h.url, h.types, h.rules, h.enabled, h.format, h.template, h.secret, h.headers,
                h.created_at, h.updated_at, c.pending, c.failed, h.max_age_seconds, c.skipped
            from alert_hook h cross join lateral (
                select count(*) filter (where d.state = 'pending') as pending,
                    count(*) filter (where d.state = 'failed') as failed,
                    count(*) filter (where d.state = 'skipped') as skipped
                from hook_delivery d where d.hook_id = h.id) c""";

    private static final TypeReference<TreeMap<String, String>> HEADERS = new TypeReference<>() {
    };

    /** The sealed columns, named as the sealing's associated data. */
    private static final String URL = "alert_hook.url";
    private static final String SECRET = "alert_hook.secret";
    private static final String HEADERS_COLUMN = "alert_hook.headers";
    private static final String TEMPLATE = "alert_hook.template";

    private final Jdbc jdbc;
    private final Sealer sealer;

    public HookStore(DataSource dataSource, Sealer sealer) {
        this.jdbc = new Jdbc(dataSource);
        this.sealer = sealer;
    }

    public List<Hook> all() {
        return jdbc.query("read hooks", SELECT + " order by h.id", this::hook);
    }

    public Optional<Hook> find(long id) {
        return jdbc.query("read a hook", SELECT + " where h.id = ?", this::hook, id).stream().findFirst();
    }

    /** Whether another hook has this name; takes the hook names' lock for the transaction first (as rules do). */
    public boolean nameTaken(String name, long exceptId) {
        jdbc.query("lock hook names", "select pg_advisory_xact_lock(7334, 1)", rs -> 1);
        return jdbc.count("check a hook name", "select count(*) from alert_hook where name = ? and id <> ?", name,
                exceptId) > 0;
    }

    public Hook create(HookSpec spec, Map<String, String> headers, String secret) {
        long id = jdbc.query("store a hook", """
                insert into alert_hook (name, url, types, rules, enabled, format, template, secret, headers,
                    max_age_seconds)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id""", rs -> rs.getLong(1), spec.name(), sealer.seal(URL, spec.url()),
                spec.types().toArray(String[]::new), spec.rules().toArray(String[]::new), spec.enabled(),
                spec.format(), sealer.seal(TEMPLATE, spec.template()), sealer.seal(SECRET, secret),
                sealer.seal(HEADERS_COLUMN, json(headers)), seconds(spec.maxAge()))
                .get(0);
        return find(id).orElseThrow();
    }

    /**
     * Replaces what a hook sends where; its secret and deliveries stay, and so do its headers when {@code headers} is
     * null and its maxAge when {@code keepMaxAge}. False if there is no such hook.
     */
    public boolean replace(long id, HookSpec spec, Map<String, String> headers, boolean keepMaxAge) {
        return jdbc.update("replace a hook", """
                update alert_hook set name = ?, url = ?, types = ?, rules = ?, enabled = ?, format = ?, template = ?,
                    headers = coalesce(?, headers),
                    max_age_seconds = case when ? then max_age_seconds else ? end, updated_at = now() where id = ?""",
                spec.name(), sealer.seal(URL, spec.url()), spec.types().toArray(String[]::new),
                spec.rules().toArray(String[]::new), spec.enabled(), spec.format(),
                sealer.seal(TEMPLATE, spec.template()), headers == null ? null : sealer.seal(HEADERS_COLUMN,
                json(headers)), keepMaxAge, seconds(spec.maxAge()), id) > 0;
    }

    public boolean newSecret(long id, String secret) {
        return jdbc.update("rotate a hook's secret",
                "update alert_hook set secret = ?, updated_at = now() where id = ?", sealer.seal(SECRET, secret), id)
                > 0;
    }

    /**
     * Stores every hook's credentials as {@link Sealer#seal} would now: sealed under the first key (those stored
     * before keys were set, or under a key since rotated out of first place); without keys nothing changes. Each row
     * is written only if unchanged since it was read, so a concurrent edit wins. Returns how many rows it rewrote;
     * a row sealed under a key that is not configured fails it, naming the key id.
     */
    public int reseal() {
        record Stored(long id, String url, String secret, String headers, String template) {
        }
        List<Stored> rows = jdbc.query("read hook credentials", "select id, url, secret, headers, template from "
                + "alert_hook", rs -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5)));
        int rewritten = 0;
        for (Stored r : rows) {
            if (sealer.current(r.url()) && sealer.current(r.secret()) && sealer.current(r.headers())
                    && sealer.current(r.template())) {
                continue;
            }
            rewritten += jdbc.update("reseal a hook's credentials", """
                    update alert_hook set url = ?, secret = ?, headers = ?, template = ?
                    where id = ? and url = ? and secret = ? and headers = ? and template is not distinct from ?""",
                    sealer.seal(URL, sealer.open(URL, r.url())), sealer.seal(SECRET, sealer.open(SECRET, r.secret())),
                    sealer.seal(HEADERS_COLUMN, sealer.open(HEADERS_COLUMN, r.headers())),
                    sealer.seal(TEMPLATE, sealer.open(TEMPLATE, r.template())), r.id(), r.url(), r.secret(),
                    r.headers(), r.template());
        }
        return rewritten;
    }

    /** Deletes a hook and its deliveries, sent or not. */
    public boolean delete(long id) {
        return jdbc.update("delete a hook", "delete from alert_hook where id = ?", id) > 0;
    }

    private Hook hook(ResultSet rs) throws SQLException {
        Credentials c = credentials(rs.getString(3), rs.getString(9), rs.getString(10), rs.getString(8));
        Long maxAge = rs.getObject(15, Long.class);
        HookSpec spec = new HookSpec(rs.getString(2), c.url(), texts(rs, 4), texts(rs, 5), rs.getBoolean(6),
                rs.getString(7), c.template(), maxAge == null ? null : Duration.ofSeconds(maxAge));
        return new Hook(rs.getLong(1), spec, c.secret(), c.headers(), Jdbc.instant(rs, 11), Jdbc.instant(rs, 12),
                rs.getLong(13), rs.getLong(14), rs.getLong(16), c.unreadable());
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }

    /**
     * A hook's URL, secret, headers and template opened from their stored form; when one does not open (sealed under
     * a key not configured here), none is given and {@code unreadable} says why, so only that hook is affected.
     */
    record Credentials(String url, String secret, Map<String, String> headers, String template, String unreadable) {
    }

    Credentials credentials(String url, String secret, String headers, String template) {
        try {
            return new Credentials(sealer.open(URL, url), sealer.open(SECRET, secret), headers(headers),
                    sealer.open(TEMPLATE, template), null);
        } catch (IllegalStateException e) {
            return new Credentials(null, null, Map.of(), null, e.getMessage());
        }
    }

    /** A hook's stored headers (sealed or not) as a map in name order. */
    private Map<String, String> headers(String stored) {
        return parseHeaders(sealer.open(HEADERS_COLUMN, stored));
    }

    private static Map<String, String> parseHeaders(String json) {
        try {
            return Json.mapper().readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new StorageException("a hook's headers are stored as a JSON object", e);
        }
    }

    private static String json(Map<String, String> headers) {
        try {
            return Json.mapper().writeValueAsString(new TreeMap<>(headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers are texts", e);
        }
    }

    private static List<String> texts(ResultSet rs, int i) throws SQLException {
        return Arrays.asList((String[]) rs.getArray(i).getArray());
    }
}
