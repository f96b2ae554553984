package dev.vigil.ingestion;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.storage.EventLedger.EventId;
import java.nio.charset.StandardCharsets;

/**
 * The bounds every reading and CloudEvent attribute must keep, whatever the channel. They exist so that nothing a
 * client sends can fail later, in PostgreSQL or in the detector, where it would stop the pipeline for everyone:
 * <ul>
 *   <li>|value| &lt;= {@value #MAX_ABS_VALUE} (the Azure service's own bound): a window of 10,000 such readings sums
 *       to 1e104, and its squares stay far from overflow;</li>
 *   <li>no control characters (NUL cannot be stored in PostgreSQL text) and no unpaired UTF-16 surrogates (they
 *       cannot be encoded as UTF-8);</li>
 *   <li>the canonical series key at most {@value #MAX_SERIES_KEY_BYTES} UTF-8 bytes, well inside the 2,704 bytes a
 *       PostgreSQL btree entry holds.</li>
 * </ul>
 */
public final class InputRules {

    public static final double MAX_ABS_VALUE = 1e100;
    public static final int MAX_TEXT = 256;
    public static final int MAX_DIMENSIONS = 32;
    public static final int MAX_SERIES_KEY_BYTES = 1024;

    private InputRules() {
    }

    /** A finite value within the bound. */
    public static double value(double v, String field) {
        if (!Double.isFinite(v)) {
            throw RejectedInput.invalid(field, field + " must be finite");
        }
        if (Math.abs(v) > MAX_ABS_VALUE) {
            throw new RejectedInput(400, "ValueOutOfRange", field,
                    field + " must lie within ±1e100, was " + v);
        }
        return v;
    }

    /**
     * Whether {@code s} has more than {@code max} characters, counted as people count them (code points: an emoji is
     * one, not the two UTF-16 units Java's length counts).
     */
    public static boolean longer(String s, int max) {
        return s.length() > max && s.codePointCount(0, s.length()) > max;
    }

    /** 1 to {@value #MAX_TEXT} characters, not blank, printable, valid UTF-16. */
    public static String text(String s, String field) {
        return text(s, field, "InvalidReading");
    }

    /**
     * As {@link #text(String, String)}, a text that is blank or too long refused with {@code code}: what else keeps
     * a reading's metric or dimension (an alert rule's filter) is held to the same bounds, so it can match one.
     */
    public static String text(String s, String field, String code) {
        if (s == null || s.isBlank() || longer(s, MAX_TEXT)) {
            throw new RejectedInput(400, code, field, field + " must be 1 to " + MAX_TEXT + " characters, not blank");
        }
        return printable(s, field);
    }

    /**
     * A name people choose and others refer to (an alert rule's, a hook's), checked beyond {@link #printable}: no
     * format characters (Unicode Cf: zero-width spaces and joiners, bidirectional marks and isolates, U+FEFF) and
     * no white space at either end, else 400 {@code InvalidCharacter} naming {@code field}. Such names look like
     * another ({@code backups} with a zero-width space after it, {@code " default"}), and the dashboard's form
     * trims, so saving one unchanged would rename it. Names are not normalised: {@code café} in NFC and in NFD are
     * two names.
     */
    public static String name(String s, String field) {
        String bad = badCharacter(s, true);
        for (int i = 0; bad == null && i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            int c = s.codePointAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                bad = "the format character U+" + String.format("%04X", c) + " at " + i;
            }
        }
        if (bad == null && !s.isEmpty() && (space(s.codePointAt(0)) || space(s.codePointBefore(s.length())))) {
            bad = "white space at its " + (space(s.codePointAt(0)) ? "start" : "end");
        }
        if (bad != null) {
            throw new RejectedInput(400, "InvalidCharacter", field, field + " holds " + bad);
        }
        return s;
    }

    private static boolean space(int c) {
        // isSpaceChar adds the no-break spaces, which a form's trim removes too
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** No control characters and no unpaired surrogates; any length. */
    public static String printable(String s, String field) {
        String bad = badCharacter(s, true);
        if (bad != null) {
            throw new RejectedInput(400, "InvalidCharacter", field, field + " holds " + bad);
        }
        return s;
    }

    /**
     * The first character of {@code s} no text should hold, described with its place ("the control character U+0007
     * at 3", "an unpaired UTF-16 surrogate at 5"), or null. {@code controls}: every control character counts, and
     * the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which make a key
     * display as another ({@code invoice\u202Efdp.exe} reads "invoiceexe.pdf"); else only NUL, which PostgreSQL
     * cannot store (free texts such as templates and comments may hold line breaks).
     */
    public static String badCharacter(String s, boolean controls) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || controls && Character.isISOControl(c)) {
                return "the control character U+" + String.format("%04X", (int) c) + " at " + i;
            }
            if (controls && (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069')) {
                return "the bidirectional control character U+" + String.format("%04X", (int) c) + " at " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate at " + i;
            }
        }
        return null;
    }

    /**
     * A CloudEvent's identity: {@code id} and {@code source} 1 to {@value #MAX_TEXT} characters, printable; they form
     * the ledger's primary key. The source is required (CloudEvents makes it so): ids are unique only within their
     * source, so two producers' events with the same id and no source would count as one.
     */
    public static EventId eventId(String source, String id, String sourceField, String idField) {
        if (source == null || source.isEmpty() || longer(source, MAX_TEXT)) {
            throw new RejectedInput(400, "InvalidCloudEvent", sourceField,
                    sourceField + " must be 1 to " + MAX_TEXT + " characters");
        }
        if (id == null || id.isEmpty() || longer(id, MAX_TEXT)) {
            throw new RejectedInput(400, "InvalidCloudEvent", idField,
                    idField + " must be 1 to " + MAX_TEXT + " characters");
        }
        return new EventId(printable(source, sourceField), printable(id, idField));
    }

    /** The series' canonical key fits the index. */
    public static SeriesKey seriesKey(SeriesKey key, String field) {
        // a char takes at most 3 UTF-8 bytes, and twice that escaped; keys far below the bound skip the printing
        int chars = key.metric().length() + 2;
        for (var e : key.dimensions().entrySet()) {
            chars += e.getKey().length() + e.getValue().length() + 2;
        }
        if (chars * 6L <= MAX_SERIES_KEY_BYTES) {
            return key;
        }
        int bytes = key.canonical().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SERIES_KEY_BYTES) {
            throw new RejectedInput(400, "SeriesKeyTooLong", field, field + ": the series key (metric and dimensions) "
                    + "takes " + bytes + " bytes as UTF-8; at most " + MAX_SERIES_KEY_BYTES + " are allowed");
        }
        return key;
    }
}
