package dev.vigil.query;

import dev.vigil.storage.QueryStore;
import dev.vigil.storage.SeriesEntity;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Read API over series, their windows and results. Series ids are strings in JSON (64-bit, beyond JS numbers). */
@Path("/api/v1/series")
@Produces(MediaType.APPLICATION_JSON)
public class SeriesResource {

    /** One series as the API shows it. */
    public record SeriesView(String id, String key, String metric, Object dimensions, Instant firstSeen) {
        static SeriesView of(SeriesEntity e) {
            return new SeriesView(Long.toString(e.id), e.seriesKey, e.metric,
                    io.vertx.core.json.Json.decodeValue(e.dimensions), e.firstSeen);
        }
    }

    /** A page of items with the total count. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    private static final Duration MAX_RANGE = Duration.ofDays(93);

    private final QueryStore store;
    private final Clock clock;

    public SeriesResource(QueryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GET
    public Page<SeriesView> list(@QueryParam("metric") String metric, @QueryParam("q") String text,
                                 @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = Params.bounded("page", page, 0, 0, 1_000_000);
        int s = Params.bounded("size", size, 50, 1, 500);
        PanacheQuery<SeriesEntity> q = SeriesEntity.search(metric, text, p, s);
        return new Page<>(q.list().stream().map(SeriesView::of).toList(), p, s, q.count());
    }

    @GET
    @Path("{id}")
    public SeriesView one(@PathParam("id") String id) {
        SeriesEntity e = SeriesEntity.findById(Params.seriesId(id));
        if (e == null) {
            throw new NotFoundException("no series " + id);
        }
        return SeriesView.of(e);
    }

    @GET
    @Path("{id}/windows")
    public List<Map<String, Object>> windows(@PathParam("id") String id, @QueryParam("from") String from,
                                             @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        Instant[] r = range(from, to);
        return store.windows(Params.seriesId(id), r[0], r[1], Params.bounded("limit", limit, 10_000, 1, 50_000));
    }

    @GET
    @Path("{id}/results")
    public List<Map<String, Object>> results(@PathParam("id") String id, @QueryParam("from") String from,
                                             @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        Instant[] r = range(from, to);
        return store.results(Params.seriesId(id), r[0], r[1], Params.bounded("limit", limit, 10_000, 1, 50_000));
    }

    /** [from, to): default the day before now, at most {@link #MAX_RANGE}. */
    private Instant[] range(String from, String to) {
        Instant t = Params.instant("to", to, clock.instant());
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(1)));
        Params.range(f, t, MAX_RANGE);
        return new Instant[] {f, t};
    }
}
