package dev.vigil.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detection.batch.BatchDetector;
import dev.vigil.detection.batch.BatchResult;
import dev.vigil.detection.batch.BatchSettings;
import dev.vigil.detection.batch.ChangePointDetector;
import dev.vigil.detection.batch.ChangePointResult;
import dev.vigil.detection.batch.GridSeries;
import dev.vigil.detection.batch.ImputeMode;
import dev.vigil.detection.batch.PointResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Translates validated Azure requests into calls of the pure batch detectors and renders their answers in the
 * response shape of each API version. Gap handling is {@link GridSeries}'s: points are placed on the granularity grid
 * and the gaps filled with the request's impute mode; answers are given for the caller's points only. With more than
 * half the grid missing nothing is filled and no period is assumed (a given period is then an error, as in the
 * service).
 */
@ApplicationScoped
class UnivariateDetection {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    EntireDetectResponse entire(UnivariateRequest request, ApiVersion version) {
        Prepared p = prepare(request);
        BatchResult r = BatchDetector.detectEntire(p.values, p.settings(request));
        int n = request.values().length;
        double[] expected = new double[n];
        double[] upper = new double[n];
        double[] lower = new double[n];
        boolean[] anomaly = new boolean[n];
        boolean[] negative = new boolean[n];
        boolean[] positive = new boolean[n];
        double[] severity = version.hasSeverity() ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            int k = p.index(i);
            expected[i] = r.expected()[k];
            upper[i] = r.upperMargins()[k];
            lower[i] = r.lowerMargins()[k];
            anomaly[i] = r.anomaly()[k];
            negative[i] = r.negative()[k];
            positive[i] = r.positive()[k];
            if (severity != null) {
                severity[i] = r.severity()[k];
            }
        }
        return new EntireDetectResponse(r.period(), expected, upper, lower, anomaly, negative, positive, severity);
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
     * The service's checks of a given period: it needs 2·period + 1 grid points (and as many points for
     * {@code notFill}), and none above 1 on a grid more than half missing (no period is detected there); then the
     * points are placed, filled and their period detected as {@link GridSeries} does for the pipeline too.
     */
    private static Prepared prepare(UnivariateRequest r) {
        int n = r.values().length;
        long span = r.positions()[n - 1] + 1;
        ImputeMode mode = r.imputeMode();
        Integer period = r.period();
        if (period != null && (2L * period + 1 > span || (mode == ImputeMode.NOT_FILL && 2L * period + 1 > n))) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_MODEL_ARGUMENT,
                    "The series must have more than 2 periods points (at least 2 * period + 1).");
        }
        if (period != null && period > 1 && span > 2L * n) {
            throw AzureApiException.badRequest(ErrorCodes.INVALID_SERIES, "The series has more than 50% "
                    + "missing points on its time grid, too few for seasonal data (NotEnoughPointsForSeasonalData).");
        }
        GridSeries g = GridSeries.of(r.values(), r.positions(), r.granularity(), r.customInterval(), period, mode,
                r.imputeFixedValue());
        return new Prepared(g.values(), g.indexOfPoint(), g.period());
    }
}
