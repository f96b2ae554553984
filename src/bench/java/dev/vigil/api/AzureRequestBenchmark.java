package dev.vigil.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Azure entire/detect request without HTTP: the body of {@code bench/AzureEntireLoad.java} (1,000 hourly
 * points, daily cycle, seeded noise, a spike every 97 points) read, validated, detected (calendar period 168, the
 * service's seasonal model) and written, as {@link TimeSeriesResource} does; and the reading and validation alone.
 * The gap between this and the server's CPU per request under load is HTTP, scheduling and garbage collection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AzureRequestBenchmark {

    private final JsonMapper mapper = JsonMapper.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final UnivariateDetection detection = new UnivariateDetection();
    private String body;

    @Setup
    public void setUp() {
        Random rnd = new Random(42);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        StringBuilder sb = new StringBuilder("{\"series\":[");
        for (int i = 0; i < 1000; i++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * rnd.nextGaussian() + (i % 97 == 50 ? 40 : 0);
            sb.append(i == 0 ? "" : ",").append("{\"timestamp\":\"").append(start.plusSeconds(3600L * i))
                    .append("\",\"value\":").append(v).append('}');
        }
        body = sb.append("],\"granularity\":\"hourly\"}").toString();
    }

    @Benchmark
    public UnivariateRequest readAndValidate() throws Exception {
        return UnivariateRequest.detection(mapper.readTree(body));
    }

    @Benchmark
    public byte[] entireRequest() throws Exception {
        UnivariateRequest request = UnivariateRequest.detection(mapper.readTree(body));
        return mapper.writeValueAsBytes(detection.entire(request, ApiVersion.V1_1));
    }
}
