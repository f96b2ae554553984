package dev.vigil.groups;

import dev.vigil.alerting.GroupEntities;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A group's entities for alerting, built as training and scoring build them ({@link Entities}). */
@ApplicationScoped
public class GroupEntityDirectory implements GroupEntities {

    private final GroupStore groups;

    public GroupEntityDirectory(GroupStore groups) {
        this.groups = groups;
    }

    @Override
    public Optional<Duration> step(String group) {
        return groups.rule(group).map(GroupRule::step);
    }

    @Override
    public Map<Long, EntityRef> entities(String group, Collection<Long> ids) {
        Map<Long, EntityRef> out = new HashMap<>();
        Optional<GroupRule> rule = groups.rule(group);
        if (rule.isEmpty() || ids.isEmpty()) {
            return out;
        }
        Set<Long> wanted = new HashSet<>(ids);
        for (Entities.Entity e : Entities.of(rule.get(), groups.series(rule.get().metrics()))) {
            if (wanted.contains(e.id())) {
                out.put(e.id(), new EntityRef(e.id(), e.key(), e.dimensions()));
            }
        }
        return out;
    }
}
