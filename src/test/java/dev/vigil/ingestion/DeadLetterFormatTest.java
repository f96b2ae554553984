package dev.vigil.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The forms a dead letter is sent in, and which send failures concern the letter alone. Plain JUnit. */
class DeadLetterFormatTest {

    private static DeadLetter letter(String key, String value) {
        var record = new ConsumerRecord<>("vigil.readings", 2, 41L, key, value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("origin", "p".getBytes(StandardCharsets.UTF_8));
        record.headers().add("dead-letter-code", "Forged".getBytes(StandardCharsets.UTF_8));
        return new DeadLetter(record, "MalformedJson", "data", "the body is not valid JSON");
    }

    private static String header(RecordHeaders headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aValueWithinTheBoundIsSentWholeWithTheOriginalHeaders() {
        DeadLetterFormat.Outgoing out = DeadLetterFormat.full(letter("k", "not json"), 8);
        assertEquals("not json", new String(out.value(), StandardCharsets.UTF_8));
        assertEquals("p", header(out.headers(), "origin"));
        assertEquals("MalformedJson", header(out.headers(), "dead-letter-code"), "a forged reason is not kept");
        assertEquals("41", header(out.headers(), "dead-letter-offset"));
        assertEquals("2", header(out.headers(), "dead-letter-partition"));
        assertNull(header(out.headers(), "dead-letter-truncated"));
    }

    @Test
    void aLongerValueIsCutToTheBoundAndSaysSo() {
        DeadLetterFormat.Outgoing out = DeadLetterFormat.full(letter("k", "not json at all"), 8);
        assertEquals("not json", new String(out.value(), StandardCharsets.UTF_8));
        assertEquals("true", header(out.headers(), "dead-letter-truncated"));
        assertEquals("15", header(out.headers(), "dead-letter-original-size"));
        assertEquals("k", out.key());
    }

    @Test
    void aBareLetterKeepsOnlyTheReasonTheCoordinatesAndAShortKey() {
        DeadLetterFormat.Outgoing out = DeadLetterFormat.bare(letter("k", "not json"),
                new RecordTooLargeException("too large"));
        assertEquals(0, out.value().length);
        assertEquals("k", out.key());
        assertNull(header(out.headers(), "origin"));
        assertEquals("MalformedJson", header(out.headers(), "dead-letter-code"));
        assertEquals("data", header(out.headers(), "dead-letter-field"));
        assertEquals("vigil.readings", header(out.headers(), "dead-letter-topic"));
        assertEquals("8", header(out.headers(), "dead-letter-original-size"));
        assertEquals("Kafka refused the full letter (RecordTooLargeException: too large); sent without its value, its "
                + "headers", header(out.headers(), "dead-letter-stripped"));

        String longKey = "k".repeat(DeadLetterFormat.BARE_MAX_KEY + 1);
        DeadLetterFormat.Outgoing keyless = DeadLetterFormat.bare(letter(longKey, "x"), new RecordTooLargeException());
        assertNull(keyless.key());
        assertNotNull(header(keyless.headers(), "dead-letter-stripped"));
    }

    @Test
    void onlyRefusalsOfTheRecordItselfAreNotRetried() {
        RecordTooLargeException large = new RecordTooLargeException("large");
        assertSame(large, DeadLetterFormat.refusal(new CompletionException(large)));
        assertNotNull(DeadLetterFormat.refusal(new InvalidRecordException("compacted topic without key")));
        assertNotNull(DeadLetterFormat.refusal(new SerializationException("bad")));
        assertNull(DeadLetterFormat.refusal(new TimeoutException("broker away")));
        assertNull(DeadLetterFormat.refusal(new TopicAuthorizationException("no ACL")));
        assertNull(DeadLetterFormat.refusal(new IllegalStateException("anything else")));
    }
}
