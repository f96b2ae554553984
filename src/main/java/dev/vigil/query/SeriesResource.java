package dev.vigil.query;

import dev.vigil.storage.ChangePointStore;
import dev.vigil.storage.ChangePointStore.ChangePoint;
import dev.vigil.storage.QueryRows.ResultRow;
import dev.vigil.storage.QueryRows.WindowRow;
import dev.vigil.storage.QueryStore;
import dev.vigil.storage.SeriesEntity;
import dev.vigil.storage.SeriesListStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

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

    /** A page of series with the total that match, and the period their anomaly counts cover. */
    public record SeriesPage(List<SeriesListStore.SeriesRow> items, int page, int size, long total, Instant since,
                             Instant until) {
    }

    private static final Duration MAX_RANGE = Duration.ofDays(93);
    private static final Duration MAX_PERIOD = Duration.ofDays(3650);

    private final QueryStore store;
    private final SeriesListStore list;
    private final AsOf asOf;
    private final ChangePointStore changePoints;

    SeriesResource(QueryStore store, SeriesListStore list, AsOf asOf, ChangePointStore changePoints) {
        this.store = store;
        this.changePoints = changePoints;
        this.list = list;
        this.asOf = asOf;
    }

    @GET
    @Operation(summary = "Series filtered by metric and key text, with their anomalies in a period, paged",
            description = "sort: key (default), anomalies (most first) or severity (highest first). The period is "
                    + "[since, until); until defaults to the newest detection run's cutoff (or now), since to until minus period "
                    + "(ISO-8601, default P7D).")
    public SeriesPage list(@QueryParam("metric") String metric, @QueryParam("q") String text,
                          @QueryParam("sort") String sort, @QueryParam("since") String since,
                          @QueryParam("until") String until, @QueryParam("period") String period,
                          @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("page") String page,
                          @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("size") String size) {
        int p = Params.bounded("page", page, 0, 0, 1_000_000);
        int s = Params.bounded("size", size, 50, 1, 500);
        SeriesListStore.Order order = order(sort);
        Duration window = Params.duration("period", period, Duration.ofDays(7), MAX_PERIOD);
        Instant explicitSince = Params.instant("since", since, null);
        Instant u = Params.instant("until", until, asOf.latestCutoff());
        Instant f = explicitSince != null ? explicitSince : u.minus(window);
        Params.range("since", f, "until", u, MAX_PERIOD);
        SeriesListStore.Page result = list.page(Params.text("metric", metric), Params.text("q", text), order, f, u,
                p * s, s);
        return new SeriesPage(result.items(), p, s, result.total(), f, u);
    }

    private static SeriesListStore.Order order(String sort) {
        if (sort == null || sort.isBlank()) {
            return SeriesListStore.Order.KEY;
        }
        try {
            return SeriesListStore.Order.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameter("sort", "sort must be key, anomalies or severity");
        }
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
    public List<WindowRow> windows(
            @PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        Instant[] r = range(from, to);
        return store.windows(Params.seriesId(id), r[0], r[1], Params.bounded("limit", limit, 10_000, 1, 50_000));
    }

    @GET
    @Path("{id}/results")
    public List<ResultRow> results(
            @PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        Instant[] r = range(from, to);
        return store.results(Params.seriesId(id), r[0], r[1], Params.bounded("limit", limit, 10_000, 1, 50_000));
    }

    @GET
    @Path("{id}/change-points")
    @Operation(summary = "The series' change points (level shifts and slope changes the detector re-based on) "
            + "in [from, to)",
            description = "Oldest first. to defaults to now, from to 30 days before to; at most 93 days.")
    public List<ChangePoint> changePoints(
            @PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @QueryParam("limit") String limit) {
        long seriesId = Params.seriesId(id);
        Instant t = Params.instant("to", to, asOf.now());
        // change points are rare: a month, where the other reads of a series default to a day
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(30)));
        Params.range(f, t, MAX_RANGE);
        int max = Params.bounded("limit", limit, 1_000, 1, 10_000);
        if (SeriesEntity.findById(seriesId) == null) {
            throw new NotFoundException("no series " + id);
        }
        return changePoints.between(seriesId, f, t, max);
    }

    /** [from, to): default the day before now, at most {@link #MAX_RANGE}. */
    private Instant[] range(String from, String to) {
        Instant t = Params.instant("to", to, asOf.now());
        Instant f = Params.instant("from", from, t.minus(Duration.ofDays(1)));
        Params.range(f, t, MAX_RANGE);
        return new Instant[] {f, t};
    }
}
