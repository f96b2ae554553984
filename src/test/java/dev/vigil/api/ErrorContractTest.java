package dev.vigil.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The error table: each bad request gets HTTP 400, the service's code in the body and in {@code x-ms-error-code},
 * and a message. Bodies are built from {@link SeriesJson} so that each row breaks exactly one rule.
 */
@QuarkusTest
class ErrorContractTest {

    private static String body(String rule) {
        SeriesJson ok = SeriesJson.hourly(24, 4, 5, 10.0);
        return switch (rule) {
            case "empty" -> "";
            case "not-json" -> "{\"series\": [";
            case "array-body" -> "[1, 2, 3]";
            case "no-series" -> "{\"granularity\": \"hourly\"}";
            case "series-not-array" -> "{\"series\": 5}";
            case "too-few" -> SeriesJson.hourly(11, 4, 5, 10.0).build();
            case "too-many" -> SeriesJson.hourly(8641, 4, 5, 10.0).build();
            case "nan" -> ok.build().replaceFirst("\"value\":10\\.0", "\"value\":NaN");
            case "infinity" -> ok.build().replaceFirst("\"value\":10\\.0", "\"value\":Infinity");
            case "huge" -> ok.build().replaceFirst("\"value\":10\\.0", "\"value\":1e101");
            case "string-value" -> ok.build().replaceFirst("\"value\":10\\.0", "\"value\":\"10\"");
            case "unsorted" -> ok.build().replaceFirst("2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z");
            case "duplicate" -> ok.build().replaceFirst("2023-01-01T01:00:00Z", "2023-01-01T00:00:00Z");
            case "off-grid" -> ok.build().replaceFirst("2023-01-01T03:00:00Z", "2023-01-01T03:30:00Z");
            case "bad-timestamp" -> ok.build().replaceFirst("2023-01-01T03:00:00Z", "yesterday");
            case "bad-granularity" -> ok.granularity("fortnightly").build();
            case "bad-interval" -> ok.with("\"customInterval\": 0").build();
            case "bad-period" -> ok.with("\"period\": -1").build();
            case "period-too-long" -> ok.with("\"period\": 12").build();
            case "bad-sensitivity" -> ok.with("\"sensitivity\": 101").build();
            case "bad-ratio" -> ok.with("\"maxAnomalyRatio\": 0.5").build();
            case "bad-impute" -> ok.with("\"imputeMode\": \"magic\"").build();
            case "fixed-no-value" -> ok.with("\"imputeMode\": \"fixed\"").build();
            case "bad-boundary" -> ok.with("\"boundaryVersion\": \"V4\"").build();
            default -> throw new IllegalArgumentException(rule);
        };
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "empty, InvalidJsonFormat", "not-json, InvalidJsonFormat", "array-body, BadArgument",
        "no-series, RequiredSeries", "series-not-array, BadArgument", "too-few, InvalidSeries",
        "too-many, InvalidSeries", "nan, BadArgument", "infinity, InvalidSeries", "huge, InvalidSeries",
        "string-value, BadArgument", "unsorted, InvalidSeries", "duplicate, InvalidSeries", "off-grid, InvalidSeries",
        "bad-timestamp, InvalidSeries", "bad-granularity, InvalidGranularity", "bad-interval, InvalidCustomInterval",
        "bad-period, InvalidPeriod", "period-too-long, InvalidModelArgument",
        "bad-sensitivity, InvalidModelArgument", "bad-ratio, InvalidModelArgument",
        "bad-impute, InvalidImputeMode", "fixed-no-value, InvalidImputeFixedValue",
        "bad-boundary, InvalidBoundaryVersion"})
    void entireAndLastRejectWithTheServiceCode(String rule, String code) {
        for (String op : new String[] {"entire", "last"}) {
            given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY).body(body(rule))
                    .when().post("/anomalydetector/v1.1/timeseries/" + op + "/detect")
                    .then().statusCode(400)
                    .header(ApiExceptionMappers.ERROR_HEADER, equalTo(code))
                    .body("code", equalTo(code))
                    .body("message", not(emptyOrNullString()));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', RequiredGranularity", "'\"stableTrendWindow\": 2', InvalidModelArgument",
        "'\"stableTrendWindow\": 12', InvalidModelArgument", "'\"threshold\": 1.5', InvalidModelArgument"})
    void changePointRejectsWithTheServiceCode(String members, String code) {
        SeriesJson json = SeriesJson.hourly(24, 4, 5, 10.0);
        String body = members.isEmpty() ? json.build().replace(",\"granularity\":\"hourly\"", "")
                : json.with(members).build();
        given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY).body(body)
                .when().post("/anomalydetector/v1.0/timeseries/changepoint/detect")
                .then().statusCode(400)
                .header(ApiExceptionMappers.ERROR_HEADER, equalTo(code))
                .body("code", equalTo(code));
    }

    @Test
    void tooFewPointsForTheDefaultWindowSayWhatToSendNotThatAnArgumentIsBad() {
        // 48 hourly points and no stableTrendWindow: the hourly default of 24 needs more than 48
        given().header(SubscriptionKeyFilter.KEY_HEADER, TimeSeriesResourceTest.KEY)
                .body(SeriesJson.hourly(48, 4, 5, 10.0).build())
                .when().post("/anomalydetector/v1.1/timeseries/changepoint/detect")
                .then().statusCode(400)
                .header(ApiExceptionMappers.ERROR_HEADER, equalTo("InvalidModelArgument"))
                .body("message", containsString("48 points, too few for the default 'stableTrendWindow' of 24 at "
                        + "hourly granularity"))
                .body("message", containsString("send more points, or a smaller 'stableTrendWindow'"));
    }
}
