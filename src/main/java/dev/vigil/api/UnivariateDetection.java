package dev.vigil.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchResult;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.ChangePointDetector;
import dev.vigil.detection.batch.ChangePointResult;
import dev.vigil.detection.batch.GranularityPeriod;
import dev.vigil.detection.batch.ImputeMode;
import dev.vigil.detection.batch.PointResult;
import dev.vigil.detection.batch.SeasonalFill;
import dev.vigil.detection.batch.SpectrumPeriod;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Translates validated Azure requests into calls of the pure batch detectors and renders their answers in the
 * response shape of each API version. Gap handling: points are placed on the granularity grid and the gaps filled
 * with the request's impute mode ({@code auto} with a period: {@link SeasonalFill}, long gaps from the same phase of
 * nearby cycles); answers are given for the caller's points only. With more than half the grid
 * missing nothing is filled and no period is assumed (a given period is then an error, as in the service).
 */
@ApplicationScoped
class UnivariateDetection {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    ObjectNode entire(UnivariateRequest request, ApiVersion version) {
        Prepared p = prepare(request);
        BatchResult r = BatchDetector.detectEntire(p.values, p.settings(request));
        int n = request.values().length;
        ObjectNode out = JSON.objectNode();
        out.put("period", r.period());
        ArrayNode expected = out.putArray("expectedValues");
        ArrayNode upper = out.putArray("upperMargins");
        ArrayNode lower = out.putArray("lowerMargins");
        ArrayNode anomaly = out.putArray("isAnomaly");
        ArrayNode negative = out.putArray("isNegativeAnomaly");
        ArrayNode positive = out.putArray("isPositiveAnomaly");
        ArrayNode severity = version.hasSeverity() ? out.putArray("severity") : null;
        for (int i = 0; i < n; i++) {
            int k = p.index(i);
            expected.add(r.expected()[k]);
            upper.add(r.upperMargins()[k]);
            lower.add(r.lowerMargins()[k]);
            anomaly.add(r.anomaly()[k]);
            negative.add(r.negative()[k]);
            positive.add(r.positive()[k]);
            if (severity != null) {
                severity.add(r.severity()[k]);
            }
        }
        return out;
    }

    ObjectNode last(UnivariateRequest request, ApiVersion version) {
        Prepared p = prepare(request);
        PointResult r = BatchDetector.detectLast(p.values, p.settings(request));
        ObjectNode out = JSON.objectNode();
        out.put("period", r.period());
        out.put("suggestedWindow", request.granularity().suggestedWindow(r.period()));
        out.put("expectedValue", r.expected());
        out.put("upperMargin", r.upperMargin());
        out.put("lowerMargin", r.lowerMargin());
        out.put("isAnomaly", r.anomaly());
        out.put("isNegativeAnomaly", r.negative());
        out.put("isPositiveAnomaly", r.positive());
        if (version.hasSeverity()) {
            out.put("severity", r.severity());
        }
        return out;
    }

    ObjectNode changePoint(UnivariateRequest request) {
        Prepared p = prepare(request);
        int period = p.period == null ? BatchSettings.AUTO_PERIOD : p.period;
        ChangePointResult r = ChangePointDetector.detect(p.values, period, request.stableTrendWindow(),
                request.threshold());
        ObjectNode out = JSON.objectNode();
        out.put("period", r.period());
        ArrayNode change = out.putArray("isChangePoint");
        ArrayNode confidence = out.putArray("confidenceScores");
        for (int i = 0; i < request.values().length; i++) {
            int k = p.index(i);
            change.add(r.changePoint()[k]);
            confidence.add(r.confidence()[k]);
        }
        return out;
    }

    /** The series the detector sees, and where each caller point landed in it. */
    private record Prepared(double[] values, int[] indexOfPoint, Integer period) {
        int index(int i) {
            return indexOfPoint == null ? i : indexOfPoint[i];
        }

        BatchSettings settings(UnivariateRequest r) {
            return new BatchSettings(period == null ? BatchSettings.AUTO_PERIOD : period, r.sensitivity(),
                    r.maxAnomalyRatio(), r.granularity().isShortInterval(r.customInterval()), r.trendBoundary());
        }
    }

    /**
     * The service's first period guess, the calendar cycles of the granularity ({@link GranularityPeriod}); null
     * when none holds, leaving the spectrum to the detector.
     */
    private static Integer calendarPeriod(double[] values, UnivariateRequest r) {
        int p = GranularityPeriod.detect(values, r.granularity(), r.customInterval());
        return p > 0 ? p : null;
    }

    private static Prepared prepare(UnivariateRequest r) {
        double[] raw = r.values();
        int n = raw.length;
        long span = r.positions()[n - 1] + 1;
        boolean gaps = span > n;
        boolean fill = gaps && r.imputeMode() != ImputeMode.NOT_FILL && span <= 2L * n;
        Integer period = r.period();
        if (gaps && r.imputeMode() != ImputeMode.NOT_FILL && !fill) {
            if (period != null && period > 0) {
                throw AzureApiException.badRequest(ErrorCodes.INVALID_SERIES, "The series has more than 50% "
                        + "missing points on its time grid, too few for seasonal data (NotEnoughPointsForSeasonalData).");
            }
            period = 0;
        }
        long length = fill ? span : n;
        if (period != null && 2L * period + 1 > length) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_MODEL_ARGUMENT,
                    "The series must have more than 2 periods points (at least 2 * period + 1).");
        }
        if (!fill) {
            return new Prepared(raw, null, period == null ? calendarPeriod(raw, r) : period);
        }
        double[] grid = new double[(int) span];
        java.util.Arrays.fill(grid, Double.NaN);
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = (int) r.positions()[i];
            grid[index[i]] = raw[i];
        }
        double[] filled = r.imputeMode().fill(grid, r.imputeFixedValue());
        if (period == null) {
            period = calendarPeriod(filled, r);
        }
        if (r.imputeMode() == ImputeMode.AUTO) {
            // "auto" fills only what a cycle needs: like the service, a series without a period is judged on the
            // caller's points alone (the period itself is still found on the filled grid)
            int p = period != null ? period : SpectrumPeriod.detect(filled);
            if (p <= 1 || 2L * p + 1 > span) {
                return new Prepared(raw, null, 0);
            }
            return new Prepared(SeasonalFill.fill(grid, p), index, p);
        }
        return new Prepared(filled, index, period);
    }
}
