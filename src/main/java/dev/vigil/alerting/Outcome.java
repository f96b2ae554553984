package dev.vigil.alerting;

import java.util.Locale;

/** What an alert rule decided for one anomalous window, in the order the rule checks them. */
public enum Outcome {
    /** Below the rule's minimum severity. */
    BELOW_SEVERITY,
    /** On the side of the expected value the rule does not watch. */
    DIRECTION,
    /** In one of the rule's maintenance periods: no alert, the result is kept. */
    MAINTENANCE,
    /** Matches a pattern the series' feedback marked as not anomalous. */
    FEEDBACK,
    /**
     * Weaker than the rule's {@code confirmBelow} with no other anomalous window of its series (or group entity) in
     * the rule's {@code confirmWindows} before it: a lone weak flag, kept as a result and not alerted. It is still
     * offered to incidents, which open only on a strong anomaly or on two of one scope (the entity's other series
     * count there, whatever order they were scored in).
     */
    UNCONFIRMED,
    /** Does not yet end a run of the rule's minimum number of consecutive anomalous windows. */
    CONSECUTIVE,
    /** Within the snooze after the series' previous alert. */
    SNOOZED,
    /** Over the rule's hourly cap. */
    CAPPED,
    /** Published. */
    ALERTED;

    /** The outcome as stored and shown: camel case ({@code belowSeverity}). */
    public String label() {
        String[] parts = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }

    /** Whether the anomaly counts towards incidents: it passed the rule's filters, whether or not it was sent. */
    public boolean feedsIncidents() {
        return this == ALERTED || this == SNOOZED || this == CAPPED || this == UNCONFIRMED;
    }

    public static Outcome parse(String label) {
        for (Outcome o : values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown outcome " + label);
    }
}
