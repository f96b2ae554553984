package dev.vigil.groups;

import dev.vigil.ingestion.AggregationConfig;
import dev.vigil.storage.GroupRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.RuleStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the rules of {@code vigil.groups.rules} to the database at start-up (a changed one gets a new revision, so
 * its entities retrain) and removes configured rules that left the configuration. A bad configured rule stops the
 * start with its field named, as does removing one that alert rules are scoped to (as the API refuses to delete it).
 */
@ApplicationScoped
public class ConfiguredGroups {

    private final GroupStore groups;
    private final RuleStore rules;
    private final GroupConfig config;
    private final AggregationConfig windows;

    public ConfiguredGroups(GroupStore groups, RuleStore rules, GroupConfig config, AggregationConfig windows) {
        this.groups = groups;
        this.rules = rules;
        this.config = config;
        this.windows = windows;
    }

    @Transactional
    void write(@Observes StartupEvent ignored) {
        for (Map.Entry<String, GroupConfig.Rule> e : config.rules().entrySet()) {
            GroupRule rule;
            try {
                rule = GroupRules.fromConfig(e.getKey(), e.getValue(), windows.window());
            } catch (GroupRejected r) {
                throw new IllegalStateException("vigil.groups.rules." + e.getKey() + ": " + r.getMessage()
                        + " (" + r.error().field() + ")", r);
            }
            Optional<GroupRule> stored = groups.rule(rule.name());
            if (stored.isEmpty()) {
                groups.insert(rule);
            } else if (!stored.get().sameDefinition(rule) || !GroupRule.CONFIG.equals(stored.get().source())) {
                groups.replace(rule);
            }
        }
        for (String name : groups.configured()) {
            if (!config.rules().containsKey(name)) {
                rules.lockNames();
                List<String> naming = rules.namingGroup(name);
                if (!naming.isEmpty()) {
                    throw new IllegalStateException("vigil.groups.rules." + name + " left the configuration, but alert "
                            + "rules are scoped to group " + name + ": " + String.join(", ", naming)
                            + "; change or delete those rules first, or keep the group configured");
                }
                groups.delete(name);
            }
        }
    }
}
