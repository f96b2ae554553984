package dev.vigil.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vigil.detection.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An alert rule: which series it covers and which of their anomalies become alerts.
 *
 * @param id             0 for the default rule (configuration), else the stored rule's id
 * @param metric         the metric it covers, or null for every metric (of series; null with a group)
 * @param group          the group whose entities' anomalies it covers instead of series, or null
 * @param dimensions     every one of these must be a dimension of the series, or of the entity ({@code
 *                       region=north}; an entity has its {@code by} values and those all its series share); empty: all
 * @param minSeverity    anomalies below this severity (0..1) do not alert
 * @param direction      {@code up}, {@code down} or {@code both}: which side of the expected value may alert
 * @param minConsecutive an anomaly alerts only when it ends a run of this many anomalous windows of its series
 * @param snooze         after an alert, further anomalies of the same series do not alert for this long
 * @param maxPerHour     most alerts of this rule per hour of window time; the rest are capped, with one summary
 * @param maintenance    periods in which no anomaly alerts (results are kept)
 * @param confirmBelow   an anomaly below this severity alerts only when its series (or entity) was also anomalous
 *                       in one of its previous {@code confirmWindows} windows of the data's step; 0: never asked
 *                       (stored rules; the default rule's is {@code vigil.alerting.default-rule.confirm-below})
 * @param confirmWindows how many of the data's windows back a companion anomaly confirms a weak one
 * @param silence        how long a covered series may send nothing before it is reported silent (README "Silence"):
 *                       null for the default threshold, {@link Duration#ZERO} for never
 * @param limits         fixed bounds a covered series' window value must keep, whatever the detector learned
 *                       (README "Limits"), or null
 * @param change         how far a covered series' window value may move from an earlier window's before it is flagged
 *                       (README "Changes"), or null
 * @param conditionsOnly the rule decides only windows a rule's condition flagged (its limits or change), and leaves
 *                       the detector's flags of its series to the rules that would decide them without it
 * @param override       for the series it covers, the rule (with any other override covering them) decides instead of
 *                       the rules that take every flag without override; conditions-only rules still decide their
 *                       conditions' flags
 */
public record AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                        double minSeverity,
                        String direction, int minConsecutive, Duration snooze, int maxPerHour,
                        List<Maintenance> maintenance, boolean enabled, double confirmBelow, int confirmWindows,
                        Duration silence, Limits limits, Change change, boolean conditionsOnly, boolean override) {

    /** The default rule's name, as hooks and alert events give it. */
    public static final String DEFAULT_NAME = "default";

    /**
     * A maintenance period {@code [from, to)}, or, with {@code every} ({@code day} or {@code week} with its
     * {@code days}), a window that recurs from {@code start} to {@code end} local time in {@code timeZone}
     * ({@link Recurrence}); {@code from} and {@code to} then bound when it recurs (either may be null).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Maintenance(Instant from, Instant to, String comment, String every, List<String> days, String start,
                              String end, String timeZone) {

        /** A one-off period. */
        public Maintenance(Instant from, Instant to, String comment) {
            this(from, to, comment, null, null, null, null, null);
        }

        public boolean covers(Instant t) {
            if (from != null && t.isBefore(from) || to != null && !t.isBefore(to)) {
                return false;
            }
            return every == null || Recurrence.covers(t, every, days, start, end, timeZone);
        }
    }

    /**
     * Fixed bounds for a window's value: below {@code lower} or above {@code upper} breaks them (either may be null,
     * not both).
     */
    public record Limits(Double lower, Double upper) {

        /** Whether the value lies outside the bounds. */
        public boolean brokenBy(double value) {
            return lower != null && value < lower || upper != null && value > upper;
        }

        /** Which side of the bounds the value broke: 1 above, -1 below, 0 neither. */
        public int side(double value) {
            return upper != null && value > upper ? 1 : lower != null && value < lower ? -1 : 0;
        }

        /**
         * The bounds a value keeps when it keeps every rule's: the highest lower and the lowest upper bound; null
         * when no rule sets any.
         */
        public static Limits of(List<AlertRule> rules) {
            Double lower = null;
            Double upper = null;
            for (AlertRule r : rules) {
                Limits l = r.limits();
                // plain ifs: a conditional mixing Double and double would unbox a null bound
                if (l != null && l.lower() != null && (lower == null || l.lower() > lower)) {
                    lower = l.lower();
                }
                if (l != null && l.upper() != null && (upper == null || l.upper() < upper)) {
                    upper = l.upper();
                }
            }
            return lower == null && upper == null ? null : new Limits(lower, upper);
        }
    }

    /**
     * A change condition (Metrics Advisor's change threshold): a window whose value differs from the value of its
     * series' {@code windows}-th earlier stored window (or, with {@code ago}, of its window that started that long
     * before; {@code windows} is then 0) by more than {@code percent} percent of that earlier value breaks it; with
     * {@code within}, one that differs by no more than that (a value that stopped moving: a frozen sensor). From an
     * earlier value of 0 every other value is a change beyond any percentage.
     */
    public record Change(double percent, int windows, Duration ago, boolean within) {

        /** Where the earlier value lies: the {@code windows}-th stored window before, or the window {@code ago}. */
        public record Back(int windows, Duration ago) {
        }

        /** A condition on changes beyond the percentage against the {@code windows}-th earlier window. */
        public Change(double percent, int windows) {
            this(percent, windows, null, false);
        }

        /** Where this condition's earlier value lies. */
        public Back back() {
            return ago == null ? new Back(windows, null) : new Back(0, ago);
        }

        /** Whether moving from {@code earlier} to {@code value} breaks the condition. */
        public boolean brokenBy(double value, double earlier) {
            boolean beyond = Math.abs(value - earlier) > percent / 100 * Math.abs(earlier);
            return beyond != within;
        }
    }

    /**
     * A condition of the rules that a window's value broke: {@link Verdict#LIMIT} or {@link Verdict#CHANGE}, and
     * the value it was judged against (the bound it broke, or the earlier window's value), so that a rule's {@code
     * direction} reads the side of the breach.
     */
    public record Breach(String reason, double reference) {

        /**
         * What the value breaks of these rules' conditions, or null: the narrowest limits first (a given bound says
         * more than a change), then each rule's change against its earlier value ({@code earlier} answers null when
         * there is none).
         */
        public static Breach of(List<AlertRule> rules, double value, Function<Change.Back, Double> earlier) {
            Limits limits = Limits.of(rules);
            if (limits != null && limits.brokenBy(value)) {
                return new Breach(Verdict.LIMIT, limits.side(value) > 0 ? limits.upper() : limits.lower());
            }
            for (AlertRule r : rules) {
                Double before = r.change() == null ? null : earlier.apply(r.change().back());
                if (before != null && r.change().brokenBy(value, before)) {
                    return new Breach(Verdict.CHANGE, before);
                }
            }
            return null;
        }
    }

    /** A rule that overrides none. */
    public AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                     double minSeverity, String direction, int minConsecutive, Duration snooze, int maxPerHour,
                     List<Maintenance> maintenance, boolean enabled, double confirmBelow, int confirmWindows,
                     Duration silence, Limits limits, Change change, boolean conditionsOnly) {
        this(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze, maxPerHour,
                maintenance, enabled, confirmBelow, confirmWindows, silence, limits, change, conditionsOnly, false);
    }

    /** A rule with limits and no change condition. */
    public AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                     double minSeverity, String direction, int minConsecutive, Duration snooze, int maxPerHour,
                     List<Maintenance> maintenance, boolean enabled, double confirmBelow, int confirmWindows,
                     Duration silence, Limits limits) {
        this(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze, maxPerHour,
                maintenance, enabled, confirmBelow, confirmWindows, silence, limits, null, false);
    }

    /** A rule with no limits. */
    public AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                     double minSeverity, String direction, int minConsecutive, Duration snooze, int maxPerHour,
                     List<Maintenance> maintenance, boolean enabled, double confirmBelow, int confirmWindows,
                     Duration silence) {
        this(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze, maxPerHour,
                maintenance, enabled, confirmBelow, confirmWindows, silence, null);
    }

    public AlertRule {
        dimensions = Map.copyOf(dimensions);
        maintenance = List.copyOf(maintenance);
    }

    /** This rule with another snooze and companion look-back, everything else kept. */
    public AlertRule withQuiet(Duration snooze, int confirmWindows) {
        return new AlertRule(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze,
                maxPerHour, maintenance, enabled, confirmBelow, confirmWindows, silence, limits, change,
                conditionsOnly, override);
    }

    /** A rule with the default silence threshold. */
    public AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                     double minSeverity, String direction, int minConsecutive, Duration snooze, int maxPerHour,
                     List<Maintenance> maintenance, boolean enabled, double confirmBelow, int confirmWindows) {
        this(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze, maxPerHour,
                maintenance, enabled, confirmBelow, confirmWindows, null);
    }

    /** A rule that alerts on weak anomalies without a companion (every stored rule). */
    public AlertRule(long id, String name, String metric, String group, Map<String, String> dimensions,
                     double minSeverity, String direction, int minConsecutive, Duration snooze, int maxPerHour,
                     List<Maintenance> maintenance, boolean enabled) {
        this(id, name, metric, group, dimensions, minSeverity, direction, minConsecutive, snooze, maxPerHour,
                maintenance, enabled, 0, 0);
    }

    /**
     * The rules that decide a flagged window of a series these stored rules cover: those that take every flag, and
     * for a window a rule's condition flagged ({@code byCondition}) also the conditions-only ones; when an override
     * covers the series, the overrides take the place of the other rules that take every flag; the default rule
     * when no rule that takes every flag covers the series and the detector flagged it.
     */
    public static List<AlertRule> deciding(List<AlertRule> covering, AlertRule fallback, boolean byCondition) {
        List<AlertRule> out = new ArrayList<>(inForce(covering).stream()
                .filter(r -> byCondition || !r.conditionsOnly()).toList());
        if (!byCondition && out.isEmpty()) {
            out.add(fallback);
        }
        return out;
    }

    /**
     * The rules in force on a series these rules cover: all of them, or, when an override covers it, the overrides
     * and the conditions-only rules (an overridden rule's limits and change do not flag its series either).
     */
    public static List<AlertRule> inForce(List<AlertRule> covering) {
        return covering.stream().noneMatch(AlertRule::override) ? covering
                : covering.stream().filter(r -> r.override() || r.conditionsOnly()).toList();
    }

    /** Whether the rule covers a series of this metric and these dimensions (a group's rule covers no series). */
    public boolean covers(String seriesMetric, Map<String, String> seriesDimensions) {
        return group == null && (metric == null || metric.equals(seriesMetric)) && matches(seriesDimensions);
    }

    /** Whether the rule covers an entity of this group with these dimensions. */
    public boolean coversEntity(String entityGroup, Map<String, String> entityDimensions) {
        return entityGroup.equals(group) && matches(entityDimensions);
    }

    private boolean matches(Map<String, String> have) {
        return dimensions.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }

    public boolean inMaintenance(Instant t) {
        return maintenance.stream().anyMatch(m -> m.covers(t));
    }
}
