package dev.vigil.query;

import dev.vigil.alerting.RuleConditions;
import dev.vigil.query.ChartRange.Range;
import dev.vigil.query.SeriesResource.SeriesView;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.ChartStore;
import dev.vigil.storage.Json;
import dev.vigil.storage.SeriesEntity;
import dev.vigil.storage.WindowView;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The series view's data: windows joined with their results over a range, thinned on the server. */
@Path("/api/v1/series/{id}/chart")
@Produces(MediaType.APPLICATION_JSON)
public class SeriesChartResource {

    /**
     * @param latest     end of the series' newest window (null without data); the UI's range presets end here,
     *                   so replayed history is shown as readily as live data
     * @param windows    windows in the range before thinning
     * @param anomalies  anomalous windows in the range (all of them are among the points)
     * @param limits     the fixed limits the enabled alert rules set for the series now (README "Limits"), or null
     * @param warmUp     the detector's warm-up within the range, from every window of it; null when none
     * @param stepSeconds the series' data step as the detection run measures it, null before its first run
     * @param coarseStepSeconds {@code vigil.detection.coarse-step} in seconds: a series whose step is this long or
     *                    longer is coarse, judged by the batch engine, and the dashboard opens it on 90 days, where
     *                    one day would show a point or none
     */
    public record Chart(SeriesView series, Instant from, Instant to, Instant latest, int windows, int anomalies,
                        boolean downsampled, List<WindowView> points, AlertRule.Limits limits, WarmUp warmUp,
                        Integer stepSeconds, long coarseStepSeconds) {
    }

    private static final Duration MAX_RANGE = Duration.ofDays(93);

    private final ChartStore store;
    private final ChartRange ranges;
    private final RuleConditions conditions;
    private final DetectionFactsConfig detection;

    public SeriesChartResource(ChartStore store, ChartRange ranges, RuleConditions conditions,
                               DetectionFactsConfig detection) {
        this.store = store;
        this.ranges = ranges;
        this.conditions = conditions;
        this.detection = detection;
    }

    @GET
    @Operation(summary = "Windows with expected value, band and anomalies over a range, downsampled to maxPoints",
            description = "Defaults: to = end of the newest window, from = to minus span (one day). Downsampling keeps "
                    + "each bucket's lowest and highest window and every anomaly.")
    public Chart chart(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                       @Parameter(description = "when from is absent: from = to minus span (ISO-8601, default P1D)")
                       @QueryParam("span") String span,
                       @Parameter(description = "about how many points to return (10..50000, default 2000)",
                               schema = @Schema(type = SchemaType.INTEGER))
                       @QueryParam("maxPoints") String maxPoints) {
        // every parameter is checked before the series is looked up: a malformed request is a 400 either way
        long seriesId = Params.seriesId(id);
        int max = Params.bounded("maxPoints", maxPoints, 2000, 10, 50_000);
        Duration window = Params.duration("span", span, Duration.ofDays(1), MAX_RANGE);
        Instant explicitFrom = Params.instant("from", from, null);
        Instant explicitTo = Params.instant("to", to, null);
        if (explicitFrom != null && explicitTo != null) {
            Params.range(explicitFrom, explicitTo, MAX_RANGE);
        }
        SeriesEntity series = SeriesEntity.findById(seriesId);
        if (series == null) {
            throw new NotFoundException("no series " + id);
        }
        Range r = ranges.of(seriesId, explicitFrom, explicitTo, window);
        Params.range(r.from(), r.to(), MAX_RANGE);
        List<WindowView> all = store.windows(seriesId, r.from(), r.to());
        List<WindowView> points = ExtremesSampler.sample(all, max);
        int anomalies = (int) all.stream().filter(WindowView::anomaly).count();
        return new Chart(SeriesView.of(series), r.from(), r.to(), r.latest(), all.size(), anomalies,
                points.size() < all.size(), points, conditions.limits(series.metric,
                Json.dimensions(series.dimensions)), WarmUp.of(all), store.stepSeconds(seriesId),
                detection.coarseStep().toSeconds());
    }
}
