package dev.vigil.alerting;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What deciding a group rule on stored results needs to know of a group's entities: the group's step and each
 * entity's key and dimensions (its {@code by} values and those all its series share, as the scorer gives them).
 * Implemented by the groups package, which itself calls alerting when it scores.
 */
public interface GroupEntities {

    /** One entity as alert rules see it. */
    record EntityRef(long id, String key, Map<String, String> dimensions) {
    }

    /** The group's step (its rule's), or empty when there is no such group. */
    Optional<Duration> step(String group);

    /** The group's entities among {@code ids}; an entity whose series are gone is absent. */
    Map<Long, EntityRef> entities(String group, Collection<Long> ids);
}
