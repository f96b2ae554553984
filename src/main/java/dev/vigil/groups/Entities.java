package dev.vigil.groups;

import dev.vigil.aggregation.SeriesKey;
import dev.vigil.storage.GroupModelStore.ModelVariable;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore.SeriesRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entities of a rule: each distinct combination of its {@code by} dimensions' values among the series of its
 * metrics (series lacking one of those dimensions belong to none). An entity's key prints like a series key, the
 * group name for the metric ({@code meters{meter=m1}}), and its id is that key's hash, the same on every replica.
 * A variable is named by its metric plus the dimensions that are neither in {@code by} nor shared by every series
 * of the entity ({@code power}, or {@code power{phase=a}} where a meter reports per phase): a meter's feeder and
 * region describe the meter, not one of its variables.
 */
public final class Entities {

    /**
     * One entity and its variables, sorted by name; {@code dimensions}: its {@code by} values and every other
     * dimension value all its series share (a meter's feeder and region), what alert rules and incidents match.
     */
    public record Entity(long id, String key, Map<String, String> by, Map<String, String> dimensions,
                         List<ModelVariable> variables) {
        public long[] seriesIds() {
            return variables.stream().mapToLong(ModelVariable::series).toArray();
        }
    }

    private Entities() {
    }

    public static List<Entity> of(GroupRule rule, List<SeriesRef> series) {
        Map<SeriesKey, List<SeriesRef>> byEntity = new LinkedHashMap<>();
        for (SeriesRef s : series) {
            if (!s.dimensions().keySet().containsAll(rule.by())) {
                continue;
            }
            TreeMap<String, String> by = new TreeMap<>();
            rule.by().forEach(k -> by.put(k, s.dimensions().get(k)));
            byEntity.computeIfAbsent(SeriesKey.of(rule.name(), by), k -> new ArrayList<>()).add(s);
        }
        List<Entity> out = new ArrayList<>();
        byEntity.forEach((key, members) -> {
            Map<String, String> shared = shared(members);
            List<ModelVariable> vars = new ArrayList<>();
            for (SeriesRef s : members) {
                TreeMap<String, String> rest = new TreeMap<>(s.dimensions());
                rest.keySet().removeAll(shared.keySet());
                String name = rest.isEmpty() ? s.metric() : SeriesKey.of(s.metric(), rest).canonical();
                vars.add(new ModelVariable(name, Long.toString(s.id())));
            }
            vars.sort(Comparator.comparing(ModelVariable::variable));
            out.add(new Entity(key.id(), key.canonical(), key.dimensions(), shared, List.copyOf(vars)));
        });
        out.sort(Comparator.comparing(Entity::key));
        return out;
    }

    /** The dimension values every one of the series has (the {@code by} values among them). */
    static Map<String, String> shared(List<SeriesRef> members) {
        if (members.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> shared = new TreeMap<>(members.get(0).dimensions());
        for (SeriesRef s : members) {
            shared.entrySet().removeIf(e -> !e.getValue().equals(s.dimensions().get(e.getKey())));
        }
        return Map.copyOf(shared);
    }
}
