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
 * A variable is named by its metric plus the dimensions that are not in {@code by} ({@code power} or
 * {@code power{phase=a}}).
 */
public final class Entities {

    /** One entity and its variables, sorted by name. */
    public record Entity(long id, String key, Map<String, String> by, List<ModelVariable> variables) {
        public long[] seriesIds() {
            return variables.stream().mapToLong(ModelVariable::series).toArray();
        }
    }

    private Entities() {
    }

    public static List<Entity> of(GroupRule rule, List<SeriesRef> series) {
        Map<SeriesKey, List<ModelVariable>> byEntity = new LinkedHashMap<>();
        for (SeriesRef s : series) {
            if (!s.dimensions().keySet().containsAll(rule.by())) {
                continue;
            }
            TreeMap<String, String> by = new TreeMap<>();
            TreeMap<String, String> rest = new TreeMap<>(s.dimensions());
            rule.by().forEach(k -> by.put(k, rest.remove(k)));
            String name = rest.isEmpty() ? s.metric() : SeriesKey.of(s.metric(), rest).canonical();
            byEntity.computeIfAbsent(SeriesKey.of(rule.name(), by), k -> new ArrayList<>())
                    .add(new ModelVariable(name, Long.toString(s.id())));
        }
        List<Entity> out = new ArrayList<>();
        byEntity.forEach((key, vars) -> {
            vars.sort(Comparator.comparing(ModelVariable::variable));
            out.add(new Entity(key.id(), key.canonical(), key.dimensions(), List.copyOf(vars)));
        });
        out.sort(Comparator.comparing(Entity::key));
        return out;
    }
}
