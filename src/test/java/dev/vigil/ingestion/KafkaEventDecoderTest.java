package dev.vigil.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.storage.EventLedger.EventId;
import dev.vigil.storage.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a Kafka record is read: as a plain reading, or as a CloudEvent held to HTTP's rules. Plain JUnit. */
class KafkaEventDecoderTest {

    private static final String READING = "{\"metric\":\"m\",\"value\":1}";
    private static final String FULL = "ce_specversion=1.0;ce_id=seq-1;ce_source=/a;ce_type=dev.vigil.reading.v1;"
            + "content-type=application/json";

    private final KafkaEventDecoder decoder = new KafkaEventDecoder(Json.mapper());

    /** {@code name=value;name=value}; a name with no {@code =} is left out of {@link #FULL}. */
    private static RecordHeaders headers(String spec) {
        RecordHeaders headers = new RecordHeaders();
        for (String pair : spec.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                headers.remove(pair.substring(0, eq));
                headers.add(pair.substring(0, eq), pair.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
            } else if (!pair.isEmpty()) {
                headers.remove(pair);
            }
        }
        return headers;
    }

    private KafkaEventDecoder.Decoded decode(String headers, String value) {
        return decoder.decode(headers(headers), value.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no ce_source          | ce_source                                    | InvalidCloudEvent    | ce_source",
        "no ce_type            | ce_type                                      | InvalidCloudEvent    | ce_type",
        "no ce_specversion     | ce_specversion                               | InvalidCloudEvent    | ce_specversion",
        "ce_specversion 0.1    | ce_specversion=0.1                           | InvalidCloudEvent    | ce_specversion",
        "empty ce_id           | ce_id=                                       | InvalidCloudEvent    | ce_id",
        "not a readings type   | ce_type=dev.vigil.detection.requested.v1     | InvalidCloudEvent    | ce_type",
        "CSV data              | content-type=text/csv                        | UnsupportedMediaType | content-type",
        "a malformed time      | ce_time=yesterday                            | InvalidCloudEvent    | ce_time",
    })
    void aBinaryEventBreakingHttpsRulesIsRefusedAsHttpRefusesIt(String name, String change, String code, String field) {
        RejectedInput e = assertThrows(RejectedInput.class, () -> decode(FULL + ";" + change, READING));
        assertEquals(code + " " + field, e.code() + " " + e.field(), e.getMessage());
    }

    @Test
    void anyCeHeaderMakesARecordACloudEventAndAPlainOneHasNoId() {
        RejectedInput e = assertThrows(RejectedInput.class, () -> decode("ce_traceparent=00-x", READING));
        assertEquals("ce_specversion", e.field());
        KafkaEventDecoder.Decoded plain = decode("content-type=application/json;traceparent=00-x", READING);
        assertNull(plain.event());
        assertEquals("m", plain.data().get("metric").asText());
    }

    @Test
    void aValidBinaryEventNeedsNoContentTypeAndKeepsItsSource() {
        KafkaEventDecoder.Decoded d = decode(FULL + ";content-type;ce_time=2026-11-01T10:01:00Z", READING);
        assertEquals(new EventId("/a", "seq-1"), d.event());
        assertEquals(Instant.parse("2026-11-01T10:01:00Z"), d.time());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "detection type | dev.vigil.detection.requested.v1 | application/json | /s | type",
        "text data      | dev.vigil.reading.v1             | text/plain       | /s | datacontenttype",
        "empty source   | dev.vigil.reading.v1             | application/json | '' | source",
    })
    void aStructuredEventIsHeldToTheSameRules(String name, String type, String dataType, String source,
                                              String field) {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"" + source + "\",\"type\":\"" + type
                + "\",\"datacontenttype\":\"" + dataType + "\",\"data\":" + READING + "}";
        RejectedInput e = assertThrows(RejectedInput.class,
                () -> decode("content-type=application/cloudevents+json", envelope));
        assertEquals(field, e.field(), e.getMessage());
    }
}
