package dev.vigil.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.detection.multivariate.FillPolicy;
import dev.vigil.storage.GroupAggregate;
import dev.vigil.storage.GroupModelStore.ModelVariable;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore.SeriesRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntitiesTest {

    static GroupRule rule(List<String> by) {
        return new GroupRule("meters", List.of("power", "voltage"), by, GroupAggregate.MEAN, FillPolicy.LINEAR,
                Duration.ofDays(30), Duration.ofMinutes(5), GroupRule.API, 1);
    }

    static final List<SeriesRef> SERIES = List.of(
            new SeriesRef(1, "power", Map.of("meter", "m1", "phase", "a")),
            new SeriesRef(2, "power", Map.of("meter", "m1", "phase", "b")),
            new SeriesRef(3, "voltage", Map.of("meter", "m1")),
            new SeriesRef(4, "voltage", Map.of("meter", "m2")),
            new SeriesRef(5, "voltage", Map.of("site", "s1")));

    @Test
    void eachCombinationOfByValuesIsAnEntityAndOtherDimensionsNameTheVariables() {
        List<Entities.Entity> e = Entities.of(rule(List.of("meter")), SERIES);
        assertEquals(2, e.size());
        assertEquals("meters{meter=m1}", e.get(0).key());
        assertEquals(SeriesKey.of("meters", Map.of("meter", "m1")).id(), e.get(0).id());
        assertEquals(List.of(new ModelVariable("power{phase=a}", "1"), new ModelVariable("power{phase=b}", "2"),
                new ModelVariable("voltage", "3")), e.get(0).variables());
        assertEquals(List.of(new ModelVariable("voltage", "4")), e.get(1).variables());
        assertEquals(Map.of("meter", "m1"), e.get(0).dimensions());
    }

    @Test
    void dimensionsEverySeriesOfAnEntityShareDescribeTheEntityNotItsVariables() {
        List<SeriesRef> meter = List.of(
                new SeriesRef(1, "power", Map.of("meter", "m7", "feeder", "f00", "phase", "a")),
                new SeriesRef(2, "power", Map.of("meter", "m7", "feeder", "f00", "phase", "b")),
                new SeriesRef(3, "temperature", Map.of("meter", "m7", "feeder", "f00", "room", "hall")));
        Entities.Entity e = Entities.of(rule(List.of("meter")), meter).get(0);
        assertEquals(Map.of("meter", "m7", "feeder", "f00"), e.dimensions());
        assertEquals(List.of("power{phase=a}", "power{phase=b}", "temperature{room=hall}"),
                e.variables().stream().map(ModelVariable::variable).toList());
    }

    @Test
    void noByDimensionsMakesOneEntityOverEverySeries() {
        List<Entities.Entity> e = Entities.of(rule(List.of()), SERIES);
        assertEquals(1, e.size());
        assertEquals("meters{}", e.get(0).key());
        assertEquals(5, e.get(0).variables().size());
        assertEquals("power{meter=m1,phase=a}", e.get(0).variables().get(0).variable());
    }
}
