package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The metrics the series name, with the aggregation each is judged on ({@code metric_aggregation}, V96). Joins the
 * caller's transaction.
 */
@ApplicationScoped
public class MetricStore {

    /**
     * A metric: its aggregation's label, how many series it has, and when its aggregation was last changed (null:
     * never set, the mean).
     */
    public record MetricRow(String metric, String aggregation, long series, Instant changedAt) {
    }

    /** A page of metrics, by name, and how many there are in all. */
    public record Page(List<MetricRow> items, long total) {
    }

    /** Every metric that has series or a setting (one kept after its series are gone too). */
    private static final String METRICS = """
            select coalesce(s.metric, m.metric) as metric, coalesce(m.aggregation, 'mean') as aggregation,
                   coalesce(s.series, 0) as series, m.changed_at
            from (select metric, count(*) as series from series group by metric) s
            full join metric_aggregation m on m.metric = s.metric""";

    private final Jdbc jdbc;

    public MetricStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Page page(int offset, int limit) {
        List<MetricRow> rows = jdbc.query("list metrics", "select * from (" + METRICS + ") x order by metric "
                + "offset ? limit ?", MetricStore::row, offset, limit);
        return new Page(rows, jdbc.count("count metrics", "select count(*) from (" + METRICS + ") x"));
    }

    /** One metric with its series count, if it has series or a setting. */
    public Optional<MetricRow> one(String metric) {
        return jdbc.query("read a metric", """
                select ?::text, coalesce(m.aggregation, 'mean'), (select count(*) from series where metric = ?),
                       m.changed_at
                from (select 1) one left join metric_aggregation m on m.metric = ?""", MetricStore::row,
                metric, metric, metric).stream().filter(r -> r.series() > 0 || r.changedAt() != null).findFirst();
    }

    /**
     * Sets the metric's aggregation; returns whether it changed (setting the one in force changes nothing, not even
     * the time it was last changed). The time is the statement's clock, not the transaction's start: a scoring
     * chunk that committed while this transaction waited for the shards' locks judged under the old aggregation.
     */
    public boolean set(String metric, MetricAggregation aggregation) {
        return jdbc.update("set a metric's aggregation", """
                insert into metric_aggregation as m (metric, aggregation, changed_at)
                select ?, ?, clock_timestamp()
                where ?::text <> 'mean' or exists (select 1 from metric_aggregation where metric = ?)
                on conflict (metric) do update set aggregation = excluded.aggregation,
                    changed_at = excluded.changed_at
                where m.aggregation <> excluded.aggregation""", metric, aggregation.label(), aggregation.label(),
                metric) > 0;
    }

    /**
     * Makes every series of the metric relearn its stored windows at its next run (README "Aggregation per metric"),
     * in one statement: its stored detector state is marked as of no detector version, which the run rebuilds as it
     * does after an upgrade, and its open event (in the old aggregation's units) is closed. Returns the states
     * marked.
     */
    public int relearn(String metric) {
        return jdbc.update("mark a metric's series to relearn", """
                update series_state st set version = ?, open_event = null, event_as_of = st.last_window,
                    updated_at = now()
                from series s where s.id = st.series_id and s.metric = ?""", ScoringStore.StoredState.RELEARN,
                metric);
    }

    private static MetricRow row(ResultSet rs) throws SQLException {
        return new MetricRow(rs.getString(1), rs.getString(2), rs.getLong(3), Jdbc.instant(rs, 4));
    }
}
