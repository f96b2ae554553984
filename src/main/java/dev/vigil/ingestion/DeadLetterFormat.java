package dev.vigil.ingestion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka record a {@link DeadLetter} is sent as. Plain logic.
 *
 * <p>{@link #full} keeps the original key, value and headers and adds the {@code dead-letter-*} headers, but cuts a
 * value longer than the bound to its first bytes ({@code dead-letter-truncated: true},
 * {@code dead-letter-original-size}): a record the readings topic took may be larger than what the dead-letter
 * producer or topic takes, and a letter Kafka refuses would otherwise hold the poll forever. {@link #bare} is sent
 * when Kafka refused the full form all the same (a large key or large headers): no value, none of the original
 * headers, the key only if short, and {@code dead-letter-stripped} saying why. Either way the original is found by
 * {@code dead-letter-topic}, {@code dead-letter-partition} and {@code dead-letter-offset} while the topic keeps it.
 */
final class DeadLetterFormat {

    /** A key longer than this (UTF-8 bytes) is left out of a bare letter. */
    static final int BARE_MAX_KEY = 1024;

    private static final String PREFIX = "dead-letter-";
    /** Characters of a reason at most: a parser's message may quote the input. */
    private static final int MAX_REASON = 1000;

    /** What is sent: key (may be null), value and headers. */
    record Outgoing(String key, byte[] value, RecordHeaders headers) {
    }

    private DeadLetterFormat() {
    }

    /** The letter with the original key and headers, its value cut to at most {@code maxValue} bytes. */
    static Outgoing full(DeadLetter letter, int maxValue) {
        ConsumerRecord<String, byte[]> r = letter.record();
        byte[] value = r.value() == null ? new byte[0] : r.value();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!h.key().startsWith(PREFIX)) {
                headers.add(h);
            }
        }
        reasons(headers, letter);
        if (value.length > maxValue) {
            add(headers, "dead-letter-truncated", "true");
            add(headers, "dead-letter-original-size", Integer.toString(value.length));
            value = Arrays.copyOf(value, maxValue);
        }
        return new Outgoing(r.key(), value, headers);
    }

    /** The letter without the original value and headers, after Kafka refused its full form with {@code refusal}. */
    static Outgoing bare(DeadLetter letter, Throwable refusal) {
        ConsumerRecord<String, byte[]> r = letter.record();
        RecordHeaders headers = new RecordHeaders();
        reasons(headers, letter);
        add(headers, "dead-letter-truncated", "true");
        add(headers, "dead-letter-original-size", Integer.toString(r.value() == null ? 0 : r.value().length));
        boolean shortKey = r.key() != null && r.key().getBytes(StandardCharsets.UTF_8).length <= BARE_MAX_KEY;
        String key = shortKey ? r.key() : null;
        String why = refusal.getClass().getSimpleName() + ": " + refusal.getMessage();
        add(headers, "dead-letter-stripped", "Kafka refused the full letter (" + (why.length() > 500
                ? why.substring(0, 500) : why) + "); sent without its value, its headers"
                + (key == null && r.key() != null ? " and its key" : ""));
        return new Outgoing(key, new byte[0], headers);
    }

    /**
     * The first failure in the chain that is about this one record and would recur however often it is sent (too
     * large, refused by the broker's record checks, not serializable), or null when the failure may pass (a
     * time-out, a broker away) or concerns every letter alike (authorization, a missing topic).
     */
    static Throwable refusal(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof SerializationException) {
                return t;
            }
        }
        return null;
    }

    private static void reasons(RecordHeaders headers, DeadLetter letter) {
        add(headers, "dead-letter-code", letter.code());
        String reason = letter.reason();
        add(headers, "dead-letter-reason", reason != null && reason.length() > MAX_REASON
                ? reason.substring(0, MAX_REASON) : reason);
        add(headers, "dead-letter-field", letter.field());
        add(headers, "dead-letter-topic", letter.record().topic());
        add(headers, "dead-letter-partition", Integer.toString(letter.record().partition()));
        add(headers, "dead-letter-offset", Long.toString(letter.record().offset()));
    }

    private static void add(RecordHeaders headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
