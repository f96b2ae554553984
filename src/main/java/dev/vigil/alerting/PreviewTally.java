package dev.vigil.alerting;

import dev.vigil.alerting.AlertRuleResource.RuleView;
import dev.vigil.alerting.RulePreview.DayCount;
import dev.vigil.alerting.RulePreview.OutcomeCount;
import dev.vigil.alerting.RulePreview.Preview;
import dev.vigil.alerting.RulePreview.SubjectCount;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A preview's counts as its decisions are taken: per outcome, per UTC day and per subject (series or entity). */
final class PreviewTally {

    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();
    private final Map<Long, long[]> subjects = new HashMap<>();
    private final Map<Long, String> keys = new HashMap<>();
    /** Each decided window's subject and start, in the order decided: what {@code alertsNow} is counted over. */
    private final List<Long> windowSubjects = new ArrayList<>();
    private final List<Instant> windowStarts = new ArrayList<>();
    private long flagged;

    void add(long subject, String key, Instant window, Outcome o) {
        int alerted = o == Outcome.ALERTED ? 1 : 0;
        flagged++;
        outcomes.merge(o, 1L, Long::sum);
        long[] day = days.computeIfAbsent(LocalDate.ofInstant(window, ZoneOffset.UTC), d -> new long[2]);
        day[0]++;
        day[1] += alerted;
        long[] mine = subjects.computeIfAbsent(subject, s -> new long[2]);
        mine[0]++;
        mine[1] += alerted;
        keys.putIfAbsent(subject, key);
        windowSubjects.add(subject);
        windowStarts.add(window);
    }

    /** The subjects of the decided windows, one per window (pairs with {@link #windowStarts()}). */
    Long[] windowSubjects() {
        return windowSubjects.toArray(Long[]::new);
    }

    /** The starts of the decided windows, one per window (pairs with {@link #windowSubjects()}). */
    Instant[] windowStarts() {
        return windowStarts.toArray(Instant[]::new);
    }

    Preview preview(RuleView rule, Instant from, Instant to, boolean truncated, long alertsNow, String events) {
        List<OutcomeCount> byOutcome = new ArrayList<>();
        outcomes.forEach((o, n) -> byOutcome.add(new OutcomeCount(o.label(), n)));
        List<DayCount> byDay = new ArrayList<>();
        days.forEach((d, n) -> byDay.add(new DayCount(d.toString(), n[0], n[1])));
        List<SubjectCount> top = subjects.entrySet().stream()
                .map(e -> new SubjectCount(Long.toString(e.getKey()), keys.get(e.getKey()), e.getValue()[0],
                        e.getValue()[1]))
                .sorted(Comparator.comparingLong(SubjectCount::alerts).reversed()
                        .thenComparing(Comparator.comparingLong(SubjectCount::flagged).reversed())
                        .thenComparing(SubjectCount::key))
                .limit(RulePreview.TOP).toList();
        int alerted = (int) subjects.values().stream().filter(n -> n[1] > 0).count();
        return new Preview(rule, from, to, truncated, flagged, outcomes.getOrDefault(Outcome.ALERTED, 0L), alertsNow,
                subjects.size(), alerted, byOutcome, byDay, top, events);
    }
}
