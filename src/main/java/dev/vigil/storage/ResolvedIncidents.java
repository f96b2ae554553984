package dev.vigil.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import javax.sql.DataSource;

/** Retention of incidents: resolved ones whose last window lies past the horizon go, their anomalies with them. */
@ApplicationScoped
public class ResolvedIncidents {

    private final Jdbc jdbc;

    public ResolvedIncidents(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Deletes up to {@code batch} resolved incidents whose last window started before {@code horizon}; returns how
     * many. Open incidents stay whatever their age. Their anomalies follow by the foreign key's cascade.
     */
    public int pruneResolved(Instant horizon, int batch) {
        return jdbc.update("prune resolved incidents", """
                delete from incident where id = any(array(
                    select id from incident where status = 'resolved' and last_window < ? limit ?))""",
                horizon, batch);
    }
}
