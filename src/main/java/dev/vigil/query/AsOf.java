package dev.vigil.query;

import dev.vigil.storage.QueryRows.RunRow;
import dev.vigil.storage.QueryStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The instants the read API's default periods end at. */
@ApplicationScoped
class AsOf {

    private final QueryStore runs;
    private final Clock clock;

    AsOf(QueryStore runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /** "Recent" is judged as of the newest run, so replayed history ranks the same way as live data. */
    Instant latestCutoff() {
        List<RunRow> r = runs.runs(1);
        return r.isEmpty() ? clock.instant() : r.get(0).cutoff();
    }

    Instant now() {
        return clock.instant();
    }
}
