package dev.vigil.bench.scale;

import dev.vigil.detection.DetectorKind;
import dev.vigil.detection.StreamingDetector;
import dev.vigil.storage.PartitionStore;
import dev.vigil.testing.Db;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a fleet's history straight into PostgreSQL with server-side {@code generate_series}, one day per statement:
 * series, scored windows and their results, a detector state per series, then the new windows a run must score.
 * Only the row counts and shapes matter here, not the values, so the whole fleet shares one daily curve and one
 * state (a real snapshot of the pipeline's detector, trained on that curve).
 */
final class ScaleSeed {

    private final Db db;
    private final int series;
    private final Duration step;
    private final boolean withResults;
    private final boolean storm;

    ScaleSeed(Db db, int series, Duration step, boolean withResults, boolean storm) {
        this.db = db;
        this.series = series;
        this.step = step;
        this.withResults = withResults;
        this.storm = storm;
    }

    /**
     * Drops the keys, foreign keys and indexes of the two big tables and returns the statements that put them back:
     * building an index once after the load is many times faster than maintaining it row by row.
     */
    List<String> dropIndexes() {
        String tables = "('window_aggregate'::regclass, 'anomaly_result'::regclass)";
        List<String> restore = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        for (var r : db.rows("select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def, "
                + "contype::text as type from pg_constraint where contype in ('p', 'u', 'f') and conrelid in "
                + tables + " order by contype desc")) {
            restore.add("alter table %s add constraint %s %s".formatted(r.get("t"), r.get("conname"), r.get("def")));
            drop.add(0, "alter table %s drop constraint %s".formatted(r.get("t"), r.get("conname")));
        }
        for (var r : db.rows("select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def "
                + "from pg_index where indrelid in " + tables + " and not exists (select 1 from pg_constraint c "
                + "where c.conindid = indexrelid)")) {
            // a partitioned table's index reads "ON ONLY parent": created so, the partitions would get none
            restore.add(((String) r.get("def")).replace(" ON ONLY ", " ON "));
            drop.add("drop index " + r.get("name"));
        }
        drop.forEach(db::exec);
        return restore;
    }

    /** Weekly partitions from the history's start to two weeks past its end, as Vigil keeps them in production. */
    void partitions(PartitionStore store, Instant from, Instant until) {
        for (String table : PartitionStore.TABLES) {
            store.dropBefore(table, until.plus(Duration.ofDays(3650)));
            store.createAhead(table, from, until.plus(Duration.ofDays(14)), Duration.ofDays(7));
        }
    }

    void series() {
        db.exec("""
                insert into series (id, series_key, metric, dimensions)
                select i, 'bench{meter=m' || i || '}', 'bench', jsonb_build_object('meter', 'm' || i)
                from generate_series(1, %d) i""".formatted(series));
    }

    /** Scored windows and (unless left out) their results over [from, until), a day per statement. */
    void history(Instant from, Instant until, DetectorKind kind) {
        for (Instant day = from; day.isBefore(until); day = day.plus(Duration.ofDays(1))) {
            Instant end = day.plus(Duration.ofDays(1)).isAfter(until) ? until : day.plus(Duration.ofDays(1));
            String times = "generate_series(timestamptz '%s', timestamptz '%s' - interval '%d seconds', "
                    + "interval '%d seconds') t";
            times = times.formatted(day, end, step.toSeconds(), step.toSeconds());
            db.exec("""
                    insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts,
                                                  revision, scored_revision, pending)
                    select s, t, 1, v, v, v, v, t, 1, 1, false from %s, generate_series(1, %d) s,
                         lateral (select %s as v) x""".formatted(times, series, value()));
            if (!withResults) {
                continue;
            }
            db.exec("""
                    insert into anomaly_result (series_id, window_start, detector, detector_version, value, expected,
                        lower_bound, upper_bound, is_anomaly, severity, score, warming_up, run_cutoff)
                    select s, t, '%s', %d, v, v, v - 1, v + 1, false, 0, 0.1, false, t
                    from %s, generate_series(1, %d) s, lateral (select %s as v) x"""
                    .formatted(kind.name(), kind.version(), times, series, value()));
        }
    }

    /**
     * One state for every series: the detector after {@link #trainingSpan} of the curve, last window just before
     * {@code next}, and no open event as of it (as a version that follows events saves it).
     */
    void states(DetectorKind kind, Instant next) {
        StreamingDetector d = trained(kind, step, next, storm);
        db.rows("""
                with added as (insert into series_state (series_id, detector, version, last_window, state,
                                                        event_as_of)
                               select id, ?, ?, ?, ?, ? from series returning 1)
                select count(*) from added""", kind.name(), kind.version(),
                Timestamp.from(next.minus(step)), d.snapshot(), Timestamp.from(next.minus(step)));
    }

    /**
     * The detector after {@link #trainingSpan} of the curve with a little noise (sd 0.05, fixed seed). The noise is
     * what makes the new windows ordinary: their per-series offsets (0 to 0.06) against a state trained on the
     * noiseless curve, whose scale is nearly 0, are all flagged, and the run would time the alert path of 300,000
     * anomalies instead of a normal run, which is what {@code storm} asks for.
     */
    static StreamingDetector trained(DetectorKind kind, Duration step, Instant next, boolean storm) {
        StreamingDetector d = kind.create(step.toSeconds());
        Random noise = new Random(7);
        for (Instant t = next.minus(trainingSpan(step)); t.isBefore(next); t = t.plus(step)) {
            d.observe(t.getEpochSecond(), curve(t) + (storm ? 0 : 0.05 * noise.nextGaussian()));
        }
        return d;
    }

    /**
     * A week, or 400 windows where a week holds fewer (hourly: 168): the isolation member judges nothing until its
     * 256-value sample is full, so a state younger than that would leave its cost out of the run.
     */
    static Duration trainingSpan(Duration step) {
        Duration week = Duration.ofDays(7);
        Duration windows = step.multipliedBy(400);
        return windows.compareTo(week) > 0 ? windows : week;
    }

    /** {@code count} unscored windows per series from {@code next} on. */
    void newWindows(Instant next, int count) {
        db.exec("""
                insert into window_aggregate (series_id, window_start, count, sum, min, max, last_value, last_ts)
                select s, t, 1, v, v, v, v, t from generate_series(timestamptz '%s', timestamptz '%s',
                       interval '%d seconds') t, generate_series(1, %d) s, lateral (select %s as v) x"""
                .formatted(next, next.plus(step.multipliedBy(count - 1)), step.toSeconds(), series, value()));
    }

    /** The curve in SQL: a daily sine around 10 plus a little per-series noise. */
    private static String value() {
        return "10 + 3 * sin(2 * pi() * extract(epoch from t) / 86400) + (s % 7) * 0.01";
    }

    static double curve(Instant t) {
        return 10 + 3 * Math.sin(2 * Math.PI * t.getEpochSecond() / 86400.0);
    }
}
