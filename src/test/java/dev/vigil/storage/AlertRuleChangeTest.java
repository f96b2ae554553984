package dev.vigil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detection.Verdict;
import dev.vigil.storage.AlertRule.Breach;
import dev.vigil.storage.AlertRule.Change;
import dev.vigil.storage.AlertRule.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which moves break a rule's change condition, and what a window breaks of several rules' conditions. */
class AlertRuleChangeTest {

    private static AlertRule rule(Limits limits, Change change) {
        return rule(1, limits, change, false);
    }

    private static AlertRule rule(long id, Limits limits, Change change, boolean conditionsOnly) {
        return new AlertRule(id, "r" + id, "load", null, Map.of(), 0, "both", 1, Duration.ZERO, 100, List.of(), true,
                0, 0, null, limits, change, conditionsOnly);
    }

    @Test
    void conditionsOnlyRulesDecideOnlyConditionsAndLeaveTheDetectorsFlagsToTheOthers() {
        AlertRule fallback = rule(0, null, null, false);
        AlertRule added = rule(1, new Limits(0.0, null), null, true);
        AlertRule full = rule(2, null, null, false);
        assertEquals(List.of(fallback), AlertRule.deciding(List.of(added), fallback, false));
        assertEquals(List.of(added), AlertRule.deciding(List.of(added), fallback, true));
        assertEquals(List.of(full), AlertRule.deciding(List.of(added, full), fallback, false));
        assertEquals(List.of(added, full), AlertRule.deciding(List.of(added, full), fallback, true));
        assertEquals(List.of(fallback), AlertRule.deciding(List.of(), fallback, false));
    }

    @Test
    void aChangeBreaksOnlyBeyondItsPercentageOfTheEarlierValue() {
        Change c = new Change(50, 1);
        assertFalse(c.brokenBy(150, 100));
        assertFalse(c.brokenBy(50, 100));
        assertTrue(c.brokenBy(150.1, 100));
        assertTrue(c.brokenBy(49.9, 100));
        // measured against the earlier value's magnitude, so a negative earlier value works the same way
        assertFalse(c.brokenBy(-150, -100));
        assertTrue(c.brokenBy(-40, -100));
        assertTrue(c.brokenBy(100, -100));
        // from 0 every other value is beyond any percentage; 0 to 0 is no change
        assertTrue(c.brokenBy(0.001, 0));
        assertFalse(c.brokenBy(0, 0));
        assertTrue(new Change(0.5, 1).brokenBy(100.6, 100));
    }

    @Test
    void aChangeWithinFlagsValuesThatDidNotMoveBeyondThePercentage() {
        Change frozen = new Change(1, 1, null, true);
        assertTrue(frozen.brokenBy(100, 100));
        assertTrue(frozen.brokenBy(100.9, 100));
        assertTrue(frozen.brokenBy(99, 100));
        assertFalse(frozen.brokenBy(101.1, 100));
        assertTrue(frozen.brokenBy(0, 0), "stuck at zero");
        assertFalse(frozen.brokenBy(0.001, 0));
    }

    @Test
    void aWindowBreaksTheLimitsFirstThenTheFirstRuleWhoseChangeItBreaks() {
        AlertRule limited = rule(new Limits(0.0, 120.0), null);
        AlertRule sharp = rule(null, new Change(50, 1));
        AlertRule daily = rule(null, new Change(20, 12));
        List<AlertRule> rules = List.of(limited, sharp, daily);
        // one window back 100, twelve back 80
        java.util.function.Function<Change.Back, Double> earlier = b -> b.windows() == 1 ? 100.0
                : b.windows() == 12 ? 80.0 : null;

        assertEquals(new Breach(Verdict.LIMIT, 120), Breach.of(rules, 130, earlier));
        assertEquals(new Breach(Verdict.LIMIT, 0), Breach.of(rules, -1, earlier));
        assertEquals(new Breach(Verdict.CHANGE, 100), Breach.of(rules, 40, earlier));
        assertEquals(new Breach(Verdict.CHANGE, 80), Breach.of(rules, 110, earlier));
        assertNull(Breach.of(rules, 95, earlier));
        // no earlier window yet: a change cannot be judged
        assertNull(Breach.of(List.of(sharp), 1e9, b -> null));
        // a week before: asked by its duration
        AlertRule weekly = rule(null, new Change(30, 0, Duration.ofDays(7), false));
        assertEquals(new Change.Back(0, Duration.ofDays(7)), weekly.change().back());
        assertEquals(new Breach(Verdict.CHANGE, 200), Breach.of(List.of(weekly), 100,
                b -> Duration.ofDays(7).equals(b.ago()) ? 200.0 : null));
        assertNull(Breach.of(List.of(rule(null, null)), 1e9, earlier));
        assertNull(Breach.of(List.of(), 1e9, earlier));
    }
}
