package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The time partitions of the tables that grow with every window ({@code window_aggregate}, {@code anomaly_result},
 * {@code group_result}, {@code alert_decision}, {@code incident_anomaly}, ranged by {@code window_start}): creates them ahead of the data and drops those past retention whole, so the tables stay
 * bounded without deletes. Each table keeps a default partition for rows outside every range (very old readings);
 * a new partition takes over the default's rows in its range, and retention trims the default in batches.
 * Replicas may run this at once: each call holds an advisory lock for its transaction.
 */
@ApplicationScoped
public class PartitionStore {

    /** The partitioned tables, all ranged by {@code window_start}. */
    public static final List<String> TABLES = List.of("window_aggregate", "anomaly_result", "group_result",
            "alert_decision", "incident_anomaly");

    /** One partition: its table name and its range [from, until). */
    public record Partition(String name, Instant from, Instant until) {
    }

    /**
     * Windows are merged a few times while their readings arrive: room on the page lets each merge stay on it (a HOT
     * update, no index entry). The same as V56 gives the partitions that existed before.
     */
    private static final String WINDOW_STORAGE = " with (fillfactor = 80)";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;

    public PartitionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The table's ranged partitions, oldest first (the default partition is not among them). */
    public List<Partition> partitions(String table) {
        List<Partition> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select c.relname, m[1]::timestamptz, m[2]::timestamptz
                from pg_inherits i join pg_class c on c.oid = i.inhrelid,
                     regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''(.*)''\\) TO \\(''(.*)''\\)') m
                where i.inhparent = ?::regclass and m is not null order by 2""")) {
            ps.setString(1, table(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Partition(rs.getString(1), rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not list the partitions of " + table, e);
        }
    }

    /**
     * Creates partitions of {@code span} after the newest one until one reaches past {@code until}; with none yet,
     * starting at {@code since} aligned to the span. Returns the partitions created.
     */
    @Transactional
    public List<Partition> createAhead(String table, Instant since, Instant until, Duration span) {
        lock();
        List<Partition> existing = partitions(table);
        Instant from = existing.isEmpty() ? align(since, span) : existing.get(existing.size() - 1).until();
        List<Partition> created = new ArrayList<>();
        for (Instant lo = from; lo.isBefore(until); lo = lo.plus(span)) {
            Partition p = new Partition(table + "_p" + DAY.format(lo), lo, lo.plus(span));
            create(table, p);
            created.add(p);
        }
        return created;
    }

    /** Drops the partitions that end at or before {@code horizon}; returns them. */
    @Transactional
    public List<Partition> dropBefore(String table, Instant horizon) {
        lock();
        List<Partition> dropped = new ArrayList<>();
        for (Partition p : partitions(table)) {
            if (!p.until().isAfter(horizon)) {
                exec("drop table " + ident(p.name()));
                dropped.add(p);
            }
        }
        return dropped;
    }

    /** Deletes up to {@code batch} rows older than {@code horizon} from the default partition; returns how many. */
    public int trimDefault(String table, Instant horizon, int batch) {
        String def = table(table) + "_default";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from " + def + " where ctid = any(array(select ctid from " + def
                        + " where window_start < ? limit ?))")) {
            ps.setTimestamp(1, Timestamp.from(horizon));
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not trim " + def, e);
        }
    }

    /** Creates the partition standalone, moves the default partition's rows of its range in, then attaches it. */
    private void create(String table, Partition p) {
        String name = ident(p.name());
        String range = "from ('%s') to ('%s')".formatted(p.from(), p.until());
        exec("create table " + name + " (like " + table + " including defaults including constraints)"
                + ("window_aggregate".equals(table) ? WINDOW_STORAGE : ""));
        exec("with moved as (delete from %s_default where window_start >= '%s' and window_start < '%s' returning *) "
                .formatted(table, p.from(), p.until()) + "insert into " + name + " select * from moved");
        exec("alter table " + table + " attach partition " + name + " for values " + range);
    }

    /** Windows align to the epoch; so do partitions, to whole spans since 1970-01-01T00:00Z. */
    static Instant align(Instant t, Duration span) {
        long s = span.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    private void lock() {
        exec("select pg_advisory_xact_lock(7332)");
    }

    private static String table(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a partitioned table: " + table);
        }
        return table;
    }

    /** Partition names are ours (table + date), never a caller's text; checked anyway before they reach SQL. */
    private static String ident(String name) {
        if (!name.matches("[a-z_]+_p\\d{8}")) {
            throw new IllegalArgumentException("not a partition name: " + name);
        }
        return name;
    }

    private void exec(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        } catch (SQLException e) {
            throw new StorageException("could not run " + sql, e);
        }
    }
}
