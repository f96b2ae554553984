package dev.vigil.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.storage.RootCauseRanking;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentGrouperTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00Z");

    /** The defaults of {@code vigil.incidents.*}. */
    static final IncidentConfig CONFIG = new IncidentConfig() {
        public boolean events() {
            return true;
        }

        public Duration quietPeriod() {
            return Duration.ofHours(2);
        }

        public Duration coincidence() {
            return Duration.ofMinutes(30);
        }

        public int minEntities() {
            return 3;
        }

        public double significance() {
            return 1e-4;
        }

        public int coincidenceWindows() {
            return 6;
        }

        public int quietWindows() {
            return 24;
        }

        public double openSeverity() {
            return 0.6;
        }
    };

    /** The spans of those defaults at the default {@code vigil.detection.coarse-step}. */
    static final IncidentSpans SPANS = IncidentSpans.of(CONFIG, Duration.ofHours(12));

    /** 4 feeders of 10 meters, 2 feeders per region: one voltage series per meter. */
    static long fleet(Map.Entry<String, String> kv) {
        return switch (kv.getKey()) {
            case "feeder" -> 10;
            case "region" -> 20;
            default -> 1;
        };
    }

    /** The series of a scope of that fleet: the narrowest of its values (they nest), all 40 for the fleet. */
    static long seriesIn(Map<String, String> scope) {
        return scope.entrySet().stream().mapToLong(IncidentGrouperTest::fleet).min().orElse(40);
    }

    private static IncidentGrouper grouper() {
        return new IncidentGrouper(CONFIG, SPANS, ChanceFlags.perWindow(96), IncidentGrouperTest::seriesIn);
    }

    private static IncidentGrouper.Anomaly voltage(int feeder, int meter, int minutes) {
        return new IncidentGrouper.Anomaly(feeder * 100L + meter, "voltage{m" + feeder + meter + "}", "voltage",
                Map.of("meter", "m" + feeder + "-" + meter, "feeder", "f" + feeder, "region",
                        feeder <= 2 ? "north" : "south"), T.plus(Duration.ofMinutes(minutes)), 0.8);
    }

    @Test
    void aSagOnOneFeederIsOneIncidentEvenWhenItsMetersFlagMinutesApart() {
        List<IncidentGrouper.Anomaly> anomalies = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            anomalies.add(voltage(1, m, 5 * (m % 3)));
        }
        anomalies.add(voltage(1, 9, 35)); // late, within the coincidence span of the sag's last flag
        anomalies.add(voltage(2, 0, 10)); // another feeder of the region, alone: its own incident
        anomalies.add(voltage(1, 8, 90)); // past the coincidence span: as likely chance as not, its own
        List<IncidentGrouper.Group> groups = grouper().group(List.of(), anomalies);
        assertEquals(3, groups.size());
        assertEquals(Map.of("feeder", "f1"), groups.get(0).scope);
        assertEquals(9, groups.get(0).added.size());
        assertEquals(T.plus(Duration.ofMinutes(10)), groups.get(0).sharedUntil, "the last window found shared");
        assertEquals(anomalies.get(9).dimensions(), groups.get(1).scope);
        assertEquals(anomalies.get(10).dimensions(), groups.get(2).scope);
    }

    @Test
    void aFleetWideEventIsOneIncidentOfTheFleetAndDoesNotSwallowALaterFault() {
        List<IncidentGrouper.Anomaly> anomalies = new ArrayList<>();
        for (int f = 1; f <= 4; f++) {
            for (int m = 0; m < 5; m++) {
                anomalies.add(voltage(f, m, 5 * m)); // half of every feeder within 25 minutes
            }
        }
        IncidentGrouper.Anomaly later = new IncidentGrouper.Anomaly(107, "power{m1-7}", "power",
                Map.of("meter", "m1-7", "feeder", "f1", "region", "north"), T.plus(Duration.ofMinutes(100)), 0.9);
        anomalies.add(later);
        List<IncidentGrouper.Group> groups = grouper().group(List.of(), anomalies);
        assertEquals(2, groups.size(), "the fleet's event and the later fault");
        assertEquals(Map.of(), groups.get(0).scope, "every region alike: the fleet");
        assertEquals(20, groups.get(0).added.size());
        assertEquals(later.entity(), groups.get(1).scope, "within the fleet's quiet period, past its coincidence");
    }

    @Test
    void anOpenIncidentTakesWhatItsScopeHoldsAndRootCauseRanksTheFeederFirst() {
        IncidentGrouper.Group open = new IncidentGrouper.Group(java.util.UUID.randomUUID(), Map.of("feeder", "f3"),
                T, T, 300, T);
        List<IncidentGrouper.Group> groups = grouper()
                .group(List.of(open), List.of(voltage(3, 1, 30), voltage(4, 1, 30)));
        assertEquals(2, groups.size());
        assertEquals(1, open.added.size());

        List<RootCause.SeriesPart> parts = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            parts.add(new RootCause.SeriesPart(Integer.toString(m), "voltage{m" + m + "}", "voltage",
                    Map.of("meter", "m" + m, "feeder", "f3", "region", "south"), m + 1, 0.9, 1));
        }
        RootCauseRanking r = RootCause.rank(parts, IncidentGrouperTest::seriesIn, metric -> 40);
        assertEquals("feeder", r.dimensions().get(0).key());
        assertEquals(List.of(), r.combinations(), "a feeder lies in one region: the pair says no more than the feeder");
        assertEquals(1.0, r.dimensions().get(0).score(), 1e-12);
        assertEquals("region", r.dimensions().get(1).key());
        assertEquals(0.5, r.dimensions().get(1).score(), 1e-12);
        assertEquals("voltage{m9}", r.series().get(0).seriesKey(), "the largest share of severity first");
        assertEquals(10.0 / 55, r.series().get(0).share(), 1e-12);
    }

    /**
     * 60 hosts: 2 regions x 3 services x 10. The api hosts of eu-west fail, and one db host of eu-west flags by
     * chance: alone, the region explains 0.37 and the service 0.45; together they explain 0.91.
     */
    @Test
    void aFaultAlongTwoDimensionsIsNamedByTheirPair() {
        List<RootCause.SeriesPart> parts = new ArrayList<>();
        for (int h = 0; h < 10; h++) {
            parts.add(new RootCause.SeriesPart(Integer.toString(h), "latency{h" + h + "}", "latency",
                    Map.of("host", "h" + h, "region", "eu-west", "service", "api"), 2, 0.9, 2));
        }
        parts.add(new RootCause.SeriesPart("99", "latency{h99}", "latency",
                Map.of("host", "h99", "region", "eu-west", "service", "db"), 0.6, 0.6, 1));
        RootCauseRanking r = RootCause.rank(parts, values -> values.size() == 2 ? 10
                : values.containsKey("region") ? 30 : values.containsKey("service") ? 20 : 1, metric -> 60);
        assertEquals(1, r.combinations().size(), r.combinations().toString());
        RootCauseRanking.CombinationCause pair = r.combinations().get(0);
        assertEquals(Map.of("region", "eu-west", "service", "api"), pair.dimensions());
        assertEquals(10.0 / 11, pair.score(), 1e-12);
        assertEquals(10, pair.anomalous());
        assertEquals(10, pair.total());
        assertEquals("service", r.dimensions().get(0).key());
        assertEquals(10.0 / 11 * 10 / 20, r.dimensions().get(0).score(), 1e-12);
        assertEquals(11.0 / 30, r.dimensions().get(1).score(), 1e-12);
    }

    @Test
    void theQuietPeriodCountsInWindowsOfTheDatasStep() {
        Map<String, String> meter = Map.of("meter", "m7", "feeder", "f0", "region", "north");
        IncidentGrouper.Anomaly first = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter, T, 0.7, null, 3600);
        IncidentGrouper.Anomaly fiveHoursOn = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter,
                T.plus(Duration.ofHours(5)), 0.7, null, 3600);
        List<IncidentGrouper.Group> hourly = grouper()
                .group(List.of(), List.of(first, fiveHoursOn));
        assertEquals(1, hourly.size(), "5 hours is 5 windows of an hourly series: within 24 windows");
        assertEquals(3600, hourly.get(0).step);

        IncidentGrouper.Anomaly a = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter, T, 0.7, null, 300);
        IncidentGrouper.Anomaly b = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter,
                T.plus(Duration.ofHours(5)), 0.7, null, 300);
        assertEquals(2, grouper().group(List.of(), List.of(a, b)).size(),
                "5 hours of a 5-minute series is 60 windows: past the 2-hour quiet period");
        assertEquals(Duration.ofHours(2), IncidentGrouper.quietPeriod(Duration.ofHours(2), 24, 300));
        assertEquals(Duration.ofHours(24), IncidentGrouper.quietPeriod(Duration.ofHours(2), 24, 3600));
        assertEquals(Duration.ofHours(2), IncidentGrouper.quietPeriod(Duration.ofHours(2), 0, 3600));
    }

    @Test
    void aLoneWeakAnomalyOpensNoIncidentUntilACompanionOfItsEntityComes() {
        Map<String, String> meter = Map.of("meter", "m7", "feeder", "f0", "region", "north");
        IncidentGrouper.Anomaly weak = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter, T, 0.55, null,
                3600);
        IncidentGrouper grouper = grouper();
        assertEquals(List.of(), grouper.group(List.of(), List.of(weak)), "held back, left unassigned");
        IncidentGrouper.Anomaly current = new IncidentGrouper.Anomaly(8, "current{m7}", "current", meter,
                T.plus(Duration.ofHours(3)), 0.52, null, 3600);
        List<IncidentGrouper.Group> both = grouper()
                .group(List.of(), List.of(weak, current));
        assertEquals(1, both.size(), "the meter's other series within the quiet period confirms it");
        assertEquals(2, both.get(0).added.size());
        IncidentGrouper.Anomaly strong = new IncidentGrouper.Anomaly(7, "power{m7}", "power", meter, T, 0.6, null,
                3600);
        assertEquals(1, grouper().group(List.of(), List.of(strong))
                .size(), "a strong anomaly opens one alone");
        IncidentGrouper.Group open = new IncidentGrouper.Group(java.util.UUID.randomUUID(), meter, T, T, 3600, null);
        assertEquals(1, grouper().group(List.of(open),
                List.of(current)).size(), "a weak anomaly joins an open incident alone");
        // a group anomaly's severity is on its model's scale (0 at the model's threshold), so it opens one alone
        IncidentGrouper.Anomaly group = new IncidentGrouper.Anomaly(9, "meters{meter=m7}", null, meter, T, 0.05,
                "meters", 3600);
        assertEquals(1, grouper().group(List.of(), List.of(group))
                .size(), "a group anomaly opens one alone");
    }

    @Test
    void aMetersOpenIncidentDoesNotTakeItsPartOfAFeederSag() {
        IncidentGrouper.Anomaly earlier = voltage(1, 0, -90);
        IncidentGrouper.Group own = new IncidentGrouper.Group(java.util.UUID.randomUUID(), earlier.entity(),
                earlier.window(), earlier.window());
        List<IncidentGrouper.Anomaly> sag = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            sag.add(voltage(1, m, 0));
        }
        List<IncidentGrouper.Group> groups = grouper()
                .group(List.of(own), sag);
        assertEquals(1, groups.size(), "the meter's own incident (90 min before, within its quiet period) gets none");
        assertEquals(Map.of("feeder", "f1"), groups.get(0).scope);
        assertEquals(8, groups.get(0).added.size());
    }

    @Test
    void anIncidentTakesTheAnomaliesOfSeriesWhoseAttributesHoldItsScopeAndNoOthers() {
        // a meter-level series opens the meter's incident; the meter's per-phase series hold {meter=m7} among their
        // attributes and join it, another meter's does not (the scope index must find subsets, not only equal scopes)
        List<IncidentGrouper.Anomaly> anomalies = List.of(
                new IncidentGrouper.Anomaly(1, "power{meter=m7}", "power", Map.of("meter", "m7"), T, 0.9),
                new IncidentGrouper.Anomaly(2, "current{meter=m7,phase=a}", "current",
                        Map.of("meter", "m7", "phase", "a"), T.plus(Duration.ofMinutes(10)), 0.9),
                new IncidentGrouper.Anomaly(3, "current{meter=m8,phase=a}", "current",
                        Map.of("meter", "m8", "phase", "a"), T.plus(Duration.ofMinutes(10)), 0.9));
        List<IncidentGrouper.Group> groups = grouper().group(List.of(), anomalies);
        assertEquals(2, groups.size());
        assertEquals(Map.of("meter", "m7"), groups.get(0).scope);
        assertEquals(List.of(1L, 2L), groups.get(0).added.stream().map(IncidentGrouper.Anomaly::seriesId).toList());
        assertEquals(List.of(3L), groups.get(1).added.stream().map(IncidentGrouper.Anomaly::seriesId).toList());
    }

    @Test
    void aFleetWideEventOfSeriesWithoutDimensionsIsOneIncidentPerSeries() {
        List<IncidentGrouper.Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            anomalies.add(new IncidentGrouper.Anomaly(i, "cpu.host" + i, "cpu.host" + i, Map.of(), T, 0.9));
        }
        anomalies.add(new IncidentGrouper.Anomaly(5, "cpu.host5", "cpu.host5", Map.of(), T.plus(Duration.ofMinutes(40)),
                0.9));
        List<IncidentGrouper.Group> groups = grouper().group(List.of(), anomalies);
        assertEquals(3000, groups.size());
        IncidentGrouper.Group host5 = groups.stream().filter(g -> g.scope.equals(Map.of("metric", "cpu.host5")))
                .findFirst().orElseThrow();
        assertEquals(2, host5.added.size(), "its later flag joins its own incident");
        assertEquals(1, groups.stream().filter(g -> g.added.size() > 1).count());
    }

    /** 3 regions of 20 meters, one daily series each. */
    private static long dailyFleet(Map<String, String> scope) {
        return scope.isEmpty() ? 60 : scope.containsKey("meter") ? 1 : 20;
    }

    /** A year of a daily fleet's ordinary days, each series flagged by chance on 5 % of them (seeded). */
    private static List<IncidentGrouper.Anomaly> ordinaryYear() {
        java.util.Random random = new java.util.Random(7);
        List<IncidentGrouper.Anomaly> out = new ArrayList<>();
        for (int day = 0; day < 365; day++) {
            for (int meter = 0; meter < 60; meter++) {
                if (random.nextDouble() < 0.05) {
                    out.add(daily(meter, day, 0.5 + 0.4 * random.nextDouble()));
                }
            }
        }
        return out;
    }

    private static IncidentGrouper.Anomaly daily(int meter, int day, double severity) {
        return new IncidentGrouper.Anomaly(meter, "kwh{d" + meter + "}", "kwh",
                Map.of("meter", "d" + meter, "region", "r" + meter / 20), T.plus(Duration.ofDays(day)), severity,
                null, Duration.ofDays(1).toSeconds());
    }

    private static List<IncidentGrouper.Group> groupDaily(List<IncidentGrouper.Anomaly> anomalies) {
        return new IncidentGrouper(CONFIG, SPANS, ChanceFlags.perWindow(96), IncidentGrouperTest::dailyFleet)
                .group(List.of(), anomalies);
    }

    @Test
    void aDailyFleetsChanceFlagsAreNoIncidentThatStaysOpen() {
        List<IncidentGrouper.Group> groups = groupDaily(ordinaryYear());
        for (IncidentGrouper.Group g : groups) {
            // the batch engine's ordinary flags are its own chance, not a fleet event: each stays its meter's
            assertEquals(true, g.scope.containsKey("meter"), "a scope of many meters: " + g.scope);
            assertEquals(true, Duration.between(g.first, g.last).compareTo(Duration.ofDays(10)) <= 0,
                    "an incident of " + g.scope + " chained " + g.first + " to " + g.last);
        }
        // two days of daily data, not 24: an incident resolves soon after its last flag
        assertEquals(Duration.ofDays(2), SPANS.quietPeriod(Duration.ofDays(1).toSeconds()));
        assertEquals(Duration.ofDays(1), SPANS.coincidenceSpan(Duration.ofDays(1).toSeconds()));
        assertEquals(Duration.ofHours(24), SPANS.quietPeriod(3600), "hourly data keep 24 windows");
    }

    @Test
    void aDailyRegionThatDropsOnOneDayIsOneIncidentOfThatRegion() {
        List<IncidentGrouper.Anomaly> anomalies = new ArrayList<>(ordinaryYear());
        int day = 200;
        anomalies.removeIf(a -> a.window().equals(T.plus(Duration.ofDays(day))) && a.seriesId() >= 20
                && a.seriesId() < 40);
        for (int meter = 20; meter < 40; meter++) {
            anomalies.add(daily(meter, day, 0.9));
        }
        List<IncidentGrouper.Group> shared = groupDaily(anomalies).stream()
                .filter(g -> !g.scope.containsKey("meter")).toList();
        assertEquals(1, shared.size(), "one incident of many meters: " + shared.stream().map(g -> g.scope).toList());
        IncidentGrouper.Group region = shared.get(0);
        assertEquals(Map.of("region", "r1"), region.scope);
        assertEquals(20, region.added.stream().filter(a -> a.window().equals(T.plus(Duration.ofDays(day)))).count());
        // at most a flag of the next day (within its coincidence span) joins it: it resolves two days after that
        assertEquals(T.plus(Duration.ofDays(day)), region.first);
        assertEquals(true, !region.last.isAfter(T.plus(Duration.ofDays(day + 1))), "last " + region.last);
    }
}
