package dev.vigil.storage;

import dev.vigil.aggregation.Aggregate;
import dev.vigil.aggregation.SeriesKey;
import dev.vigil.aggregation.WindowAggregator.WindowKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.jdbc.PgConnection;

/**
 * Writes series and window aggregates. Must run inside the caller's transaction (Agroal enlists the connection),
 * so aggregates, event ids and Kafka offsets commit or roll back together. Rows go in as arrays through
 * {@code unnest}: one statement per table per batch, whatever the batch size. Instants travel as epoch numbers in
 * binary arrays (no JVM time zone involved, and no text PostgreSQL would have to parse: two timestamps per row cost
 * it more than the rest of the row's input).
 */
@ApplicationScoped
public class AggregateStore {

    private static final String UPSERT_SERIES = """
            insert into series (id, series_key, metric, dimensions)
            select * from unnest(?::bigint[], ?::text[], ?::text[], ?::jsonb[])
            on conflict (id) do nothing""";

    // Rows are merged, never replaced: late readings add to count and sum, widen min/max, and may move 'last'.
    // A merge into a window the detector already judged marks it revised, which queues it for re-scoring.
    private static final String UPSERT_WINDOWS = """
            insert into window_aggregate as w (series_id, window_start, count, sum, min, max, last_value, last_ts)
            select u.id, to_timestamp(u.start_s), u.n, u.sum, u.min, u.max, u.last,
                   timestamptz 'epoch' + u.last_us * interval '1 microsecond'
            from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                        ?::bigint[]) u (id, start_s, n, sum, min, max, last, last_us)
            on conflict (series_id, window_start) do update set
              count = w.count + excluded.count,
              sum = w.sum + excluded.sum,
              min = least(w.min, excluded.min),
              max = greatest(w.max, excluded.max),
              last_value = case when excluded.last_ts > w.last_ts
                                  or (excluded.last_ts = w.last_ts and excluded.last_value > w.last_value)
                                then excluded.last_value else w.last_value end,
              last_ts = greatest(w.last_ts, excluded.last_ts),
              revision = w.revision + 1,
              pending = true,
              revised_at = case when w.scored_revision is null then w.revised_at else now() end""";

    // Series known to be committed: their insert is skipped. Bounded; when full it starts over (a miss only costs
    // a redundant "on conflict do nothing").
    private static final int KNOWN_MAX = 1_000_000;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final SeriesIds ids = new SeriesIds(KNOWN_MAX);

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final Counter windowsWritten;

    public AggregateStore(DataSource dataSource, TransactionSynchronizationRegistry transactions, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.windowsWritten = meters.counter("vigil.windows.written");
    }

    /** Merges the windows into storage, creating their series where new. */
    public void merge(Map<WindowKey, Aggregate> windows) {
        if (windows.isEmpty()) {
            return;
        }
        // the id (a SHA-256) once per row, from the cache: computed inside the sort's comparator it cost more than
        // the database, and once per row it was still a tenth of ingestion's CPU
        List<Row> rows = new ArrayList<>(windows.size());
        windows.forEach((key, aggregate) -> rows.add(new Row(ids.of(key.series()), key, aggregate)));
        // a fixed lock order (series, then window) keeps concurrent batches from deadlocking on each other
        rows.sort(Comparator.comparingLong(Row::seriesId).thenComparing(r -> r.key().start()));
        Map<Long, SeriesKey> series = new LinkedHashMap<>();
        rows.forEach(r -> {
            if (!known.contains(r.seriesId())) {
                series.putIfAbsent(r.seriesId(), r.key().series());
            }
        });
        try (Connection c = dataSource.getConnection()) {
            if (!series.isEmpty()) {
                upsertSeries(c, series);
            }
            upsertWindows(c, rows);
        } catch (SQLException e) {
            throw new StorageException("could not store " + rows.size() + " window aggregates", e);
        }
        afterCommit(series.keySet(), rows.size());
    }

    private record Row(long seriesId, WindowKey key, Aggregate aggregate) {
    }

    /** Forgets which series exist; needed only if series rows are deleted behind the application's back. */
    public void forgetKnownSeries() {
        known.clear();
    }

    /** Once the transaction commits: remembers the new series and counts the windows written. */
    private void afterCommit(Set<Long> newSeries, int windows) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    return;
                }
                windowsWritten.increment(windows);
                if (known.size() > KNOWN_MAX) {
                    known.clear();
                }
                known.addAll(newSeries);
            }
        });
    }

    private static void upsertSeries(Connection c, Map<Long, SeriesKey> series) throws SQLException {
        int n = series.size();
        Long[] ids = new Long[n];
        String[] keys = new String[n];
        String[] metrics = new String[n];
        String[] dims = new String[n];
        int i = 0;
        for (Map.Entry<Long, SeriesKey> e : series.entrySet()) {
            ids[i] = e.getKey();
            keys[i] = e.getValue().canonical();
            metrics[i] = e.getValue().metric();
            dims[i] = Json.write(e.getValue().dimensions());
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_SERIES)) {
            ps.setArray(1, c.createArrayOf("bigint", ids));
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setArray(3, c.createArrayOf("text", metrics));
            ps.setArray(4, c.createArrayOf("text", dims));
            ps.executeUpdate();
        }
    }

    /** Microseconds since the epoch, rounded half up as PostgreSQL rounds a finer text timestamp. */
    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), (t.getNano() + 500) / 1000);
    }

    private static void upsertWindows(Connection c, List<Row> rows) throws SQLException {
        int n = rows.size();
        long[] ids = new long[n];
        long[] starts = new long[n];
        long[] counts = new long[n];
        double[] sums = new double[n];
        double[] mins = new double[n];
        double[] maxs = new double[n];
        double[] lasts = new double[n];
        long[] lastMicros = new long[n];
        for (int i = 0; i < n; i++) {
            Aggregate a = rows.get(i).aggregate();
            ids[i] = rows.get(i).seriesId();
            // windows start on whole seconds (their size is whole seconds, aligned to the epoch)
            starts[i] = rows.get(i).key().start().getEpochSecond();
            counts[i] = a.count();
            sums[i] = a.sum();
            mins[i] = a.min();
            maxs[i] = a.max();
            lasts[i] = a.last();
            lastMicros[i] = micros(a.lastTs());
        }
        // PgJDBC takes primitive arrays as they are (binary), where Connection.createArrayOf wants them boxed
        PgConnection pg = c.unwrap(PgConnection.class);
        try (PreparedStatement ps = c.prepareStatement(UPSERT_WINDOWS)) {
            ps.setArray(1, pg.createArrayOf("bigint", ids));
            ps.setArray(2, pg.createArrayOf("bigint", starts));
            ps.setArray(3, pg.createArrayOf("bigint", counts));
            ps.setArray(4, pg.createArrayOf("float8", sums));
            ps.setArray(5, pg.createArrayOf("float8", mins));
            ps.setArray(6, pg.createArrayOf("float8", maxs));
            ps.setArray(7, pg.createArrayOf("float8", lasts));
            ps.setArray(8, pg.createArrayOf("bigint", lastMicros));
            ps.executeUpdate();
        }
    }
}
