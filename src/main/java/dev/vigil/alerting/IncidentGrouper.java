package dev.vigil.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Groups anomalies into incidents. An incident has a scope: one dimension value shared by many entities
 * ({@code feeder=f12}), the whole fleet (the empty scope: every series with dimensions) or one entity's dimensions
 * ({@code meter=m7, feeder=f12, region=north}); an anomaly joins an incident whose scope its series has and whose
 * span, widened by its quiet period ({@link IncidentSpans}, at the largest data step of the incident and the
 * anomaly), holds its window (the nearest in time, then the narrowest
 * scope); an incident of the anomaly's own entity is joined only after the shared-value look below, so that a
 * meter's earlier flag does not take its part of a feeder sag. Anomalies that join no other incident are looked at
 * together with those within the coincidence span (at the first one's step): {@link SharedScope} picks the broadest scope whose anomalous entities
 * chance would not explain and that is uniformly affected. What is left opens one incident per entity. A new
 * incident is kept only when it holds a group anomaly, an anomaly of at least {@code openSeverity} or two
 * anomalies; otherwise its one weak anomaly is left unassigned, and a later pass that finds a companion within the
 * quiet period opens the incident with both (so live passes and one backfill pass agree).
 *
 * <p>An entity is a series' dimension set (all metrics of one meter); a series without dimensions is its own
 * entity, scoped by its metric. A group anomaly counts as its entity's dimensions (a meter's group anomaly and its
 * power anomaly are one entity, so they share an incident); one without dimensions is scoped by its group. Plain
 * logic, deterministic for the same input; not thread-safe (one per pass).
 */
final class IncidentGrouper {

    /** A metric is matched like a dimension under this name. */
    static final String METRIC = "metric";
    /** A group anomaly without dimensions is scoped by its group under this name. */
    static final String GROUP = "group";

    /**
     * An anomaly a rule let through: of a series, or of a group's entity ({@code group} set, {@code seriesId} and
     * {@code seriesKey} the entity's, {@code metric} null).
     */
    record Anomaly(long seriesId, String seriesKey, String metric, Map<String, String> dimensions, Instant window,
                   double severity, String group, long stepSeconds) {

        Anomaly(long seriesId, String seriesKey, String metric, Map<String, String> dimensions, Instant window,
                double severity) {
            this(seriesId, seriesKey, metric, dimensions, window, severity, null, 0);
        }

        Map<String, String> attributes() {
            Map<String, String> a = new HashMap<>(dimensions);
            if (group == null) {
                a.putIfAbsent(METRIC, metric);
            } else {
                a.putIfAbsent(GROUP, group);
            }
            return a;
        }

        Map<String, String> entity() {
            return !dimensions.isEmpty() ? dimensions : group == null ? Map.of(METRIC, metric) : Map.of(GROUP, group);
        }
    }

    /**
     * An incident being built: {@code id} is null for a new one; {@code step} the largest data step it holds;
     * {@code sharedUntil} for an incident of many entities the last window at which its scope was found shared (null
     * for one entity's).
     */
    static final class Group {
        final UUID id;
        final Map<String, String> scope;
        Instant first;
        Instant last;
        long step;
        Instant sharedUntil;
        final List<Anomaly> added = new ArrayList<>();

        Group(UUID id, Map<String, String> scope, Instant first, Instant last, long step, Instant sharedUntil) {
            this.id = id;
            this.scope = new TreeMap<>(scope);
            this.first = first;
            this.last = last;
            this.step = step;
            this.sharedUntil = sharedUntil;
        }

        Group(UUID id, Map<String, String> scope, Instant first, Instant last) {
            this(id, scope, first, last, 0, null);
        }

        /** Whether the anomaly has the scope's values (the fleet's scope holds every anomaly with dimensions). */
        boolean covers(Anomaly a) {
            Map<String, String> attrs = a.attributes();
            return (!scope.isEmpty() || !a.dimensions().isEmpty())
                    && scope.entrySet().stream().allMatch(e -> e.getValue().equals(attrs.get(e.getKey())));
        }

        /**
         * Whether the anomaly is of the scope and close enough to join alone: within {@code max(quiet, windows x
         * step)} of the span for one entity's incident; for one of many entities within the coincidence span of its
         * span up to {@code sharedUntil} (a later single flag of a large scope is as likely chance as not).
         */
        boolean holds(Anomaly a, IncidentSpans spans) {
            long s = Math.max(step, a.stepSeconds());
            if (sharedUntil == null) {
                return covers(a) && within(a, spans.quietPeriod(s), last);
            }
            return covers(a) && within(a, spans.coincidenceSpan(s), sharedUntil);
        }

        /** Whether the anomaly's scope is this one's and it lies within the quiet period (a shared scope's rejoin). */
        boolean resumes(Anomaly a, IncidentSpans spans) {
            return sharedUntil != null && covers(a)
                    && within(a, spans.quietPeriod(Math.max(step, a.stepSeconds())), last);
        }

        private boolean within(Anomaly a, Duration reach, Instant end) {
            return !a.window().isBefore(first.minus(reach)) && !a.window().isAfter(end.plus(reach));
        }

        void add(Anomaly a) {
            added.add(a);
            first = a.window().isBefore(first) ? a.window() : first;
            last = a.window().isAfter(last) ? a.window() : last;
            step = Math.max(step, a.stepSeconds());
        }
    }

    /**
     * The groups of a pass in the order they were made, indexed by scope: an anomaly can join only a group whose scope
     * is a subset of its attributes, so {@link #covering} looks those subsets up instead of testing every group (a
     * fleet-wide event of series without dimensions makes one group per series: testing every group for every
     * anomaly grew with the square of the anomalies, 18 s for 20,000).
     */
    static final class Groups {
        /** Attributes beyond which enumerating their subsets costs more than testing every group. */
        private static final int MAX_INDEXED_ATTRIBUTES = 10;
        final List<Group> all = new ArrayList<>();
        private final Map<Map<String, String>, List<Group>> byScope = new HashMap<>();
        private final Map<Group, Integer> order = new IdentityHashMap<>();

        Groups(List<Group> existing) {
            existing.forEach(this::add);
        }

        void add(Group g) {
            order.put(g, all.size());
            all.add(g);
            byScope.computeIfAbsent(g.scope, k -> new ArrayList<>()).add(g);
        }

        /** The groups of exactly this scope, in the order they were made. */
        List<Group> ofScope(Map<String, String> scope) {
            return byScope.getOrDefault(new TreeMap<>(scope), List.of());
        }

        /** The groups whose scope is a subset of the anomaly's attributes, in the order they were made. */
        List<Group> covering(Anomaly a) {
            List<Map.Entry<String, String>> attrs = new ArrayList<>(a.attributes().entrySet());
            if (attrs.size() > MAX_INDEXED_ATTRIBUTES) {
                return all;
            }
            List<Group> out = new ArrayList<>();
            for (int mask = 0; mask < 1 << attrs.size(); mask++) {
                Map<String, String> subset = new TreeMap<>();
                for (int j = 0; j < attrs.size(); j++) {
                    if ((mask & 1 << j) != 0) {
                        subset.put(attrs.get(j).getKey(), attrs.get(j).getValue());
                    }
                }
                out.addAll(byScope.getOrDefault(subset, List.of()));
            }
            // the first made wins a tie in match, as when every group was tested in order
            out.sort(Comparator.comparing(order::get));
            return out;
        }
    }

    /** An incident's quiet period: the configured one, or {@code windows} windows of its data's step if longer. */
    static Duration quietPeriod(Duration quiet, int windows, long stepSeconds) {
        Duration counted = Duration.ofSeconds(stepSeconds).multipliedBy(windows);
        return counted.compareTo(quiet) > 0 ? counted : quiet;
    }

    private final IncidentSpans spans;
    private final double openSeverity;
    private final double chancePerWindow;
    private final SharedScope shared;

    /**
     * @param chancePerWindow the chance that one series' window is flagged on anomaly-free data by the streaming
     *                        detector ({@link ChanceFlags}); coarse data take {@link ChanceFlags#COARSE_PER_WINDOW}
     * @param seriesIn        how many series of the whole fleet a scope holds (the empty scope: all with dimensions)
     */
    IncidentGrouper(IncidentConfig config, IncidentSpans spans, double chancePerWindow,
                    ToLongFunction<Map<String, String>> seriesIn) {
        this.spans = spans;
        this.openSeverity = config.openSeverity();
        this.chancePerWindow = chancePerWindow;
        this.shared = new SharedScope(config.minEntities(), config.significance(), seriesIn);
    }

    /**
     * Assigns every anomaly to one of {@code existing} or to a new group; returns the groups that received any, less
     * new groups that do not open (their anomalies stay unassigned).
     */
    List<Group> group(List<Group> existing, List<Anomaly> anomalies) {
        Groups groups = new Groups(existing);
        List<Anomaly> sorted = new ArrayList<>(anomalies);
        sorted.sort(Comparator.comparing(Anomaly::window).thenComparing(Anomaly::seriesKey));
        int i = 0;
        while (i < sorted.size()) {
            long step = sorted.get(i).stepSeconds();
            Duration span = spans.coincidenceSpan(step);
            Instant end = sorted.get(i).window().plus(span);
            List<Anomaly> pending = new ArrayList<>();
            for (; i < sorted.size() && sorted.get(i).window().isBefore(end); i++) {
                Anomaly a = sorted.get(i);
                // an incident of its own entity waits until the batch is looked at for a shared dimension value:
                // with a quiet period of a day (hourly data) a meter's earlier flag must not take its part of a sag
                Group g = match(groups, a);
                if (g != null && !g.scope.equals(new TreeMap<>(a.entity()))) {
                    g.add(a);
                } else {
                    pending.add(a);
                }
            }
            int windows = spans.windowsIn(step);
            // the batch engine flags several ordinary days in a hundred, the streaming detector a window in a thousand
            double chance = spans.coarse(step) ? ChanceFlags.COARSE_PER_WINDOW : chancePerWindow;
            for (Map<String, String> scope = shared.choose(pending, windows, chance); scope != null;
                 scope = shared.choose(pending, windows, chance)) {
                Map<String, String> chosen = scope;
                Predicate<Anomaly> inScope = a -> !a.dimensions().isEmpty() && chosen.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(a.dimensions().get(e.getKey())));
                List<Anomaly> in = pending.stream().filter(inScope).toList();
                // the scope found shared again within an open incident's quiet period resumes that incident
                Group g = groups.ofScope(chosen).stream().filter(o -> o.resumes(in.get(0), spans))
                        .findFirst().orElse(null);
                if (g == null) {
                    g = new Group(null, chosen, in.get(0).window(), in.get(0).window(), 0, null);
                    groups.add(g);
                }
                in.forEach(g::add);
                Instant until = in.get(in.size() - 1).window();
                g.sharedUntil = g.sharedUntil == null || until.isAfter(g.sharedUntil) ? until : g.sharedUntil;
                // by the same test, not by equality with each of them: a fleet-wide event puts 100,000s in both
                pending.removeIf(inScope);
            }
            for (Anomaly a : pending) {
                Group g = match(groups, a);
                if (g == null) {
                    g = new Group(null, a.entity(), a.window(), a.window());
                    groups.add(g);
                }
                g.add(a);
            }
        }
        return groups.all.stream().filter(g -> !g.added.isEmpty() && (g.id != null || opens(g))).toList();
    }

    /**
     * Whether a new incident opens: one strong anomaly, or two of its scope. A group anomaly counts as strong: its
     * severity is on its model's scale (0 at the model's own threshold), not the series detector's that
     * {@code openSeverity} was chosen on.
     */
    private boolean opens(Group g) {
        return g.added.size() >= 2 || g.added.stream().anyMatch(a -> a.group() != null || a.severity() >= openSeverity);
    }

    private Group match(Groups groups, Anomaly a) {
        Group best = null;
        long bestGap = Long.MAX_VALUE;
        for (Group g : groups.covering(a)) {
            if (!g.holds(a, spans)) {
                continue;
            }
            long gap = a.window().isAfter(g.last) ? Duration.between(g.last, a.window()).getSeconds()
                    : a.window().isBefore(g.first) ? Duration.between(a.window(), g.first).getSeconds() : 0;
            if (best == null || gap < bestGap || (gap == bestGap && g.scope.size() > best.scope.size())) {
                best = g;
                bestGap = gap;
            }
        }
        return best;
    }
}
