package dev.vigil.testing;

import dev.vigil.storage.AggregateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Plain SQL for test assertions and clean-up, independent of the application's own stores. */
@ApplicationScoped
public class Db {

    private final DataSource dataSource;
    private final AggregateStore aggregates;

    public Db(DataSource dataSource, AggregateStore aggregates) {
        this.dataSource = dataSource;
        this.aggregates = aggregates;
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of every row, as text. */
    public List<String> strings(String sql, Object... args) {
        return rows(sql, args).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    public long count(String sql, Object... args) {
        return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
    }

    public void exec(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Empties every pipeline table, so each test starts from nothing. */
    public void reset() {
        exec("truncate group_result, group_state, group_model, group_rule, alert_decision, group_decision, "
                + "alert_rule, alert_hook, hook_delivery, incident, incident_anomaly, incident_group_anomaly, feedback, alert_outbox, "
                + "anomaly_result, series_state, series_silence, vigil_uptime, series_quarantine, detection_claim, ingested_event, "
                + "window_aggregate, metric_aggregation, series cascade");
        aggregates.forgetKnownSeries();
    }
}
