package dev.vigil.alerting;

import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.GroupStore;
import dev.vigil.storage.RuleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

/**
 * Keeps the stored alert rules: reads them, and creates, replaces and deletes them with the checks that hold across
 * rules (unique names, the bound on their number, known groups, no rule a hook names); the use case behind
 * {@link AlertRuleResource}.
 */
@ApplicationScoped
public class AlertRuleService {

    /**
     * Every enabled rule is read whenever a chunk's anomalies are decided and whenever a chart shows limits
     * ({@code AlertGate}, {@code RuleConditions}), so their number is bounded, far above what a fleet's alerting
     * needs (one rule's filter covers any number of series); counted under the names' lock, so two creations cannot
     * both pass it.
     */
    static final int MAX_RULES = 1_000;

    private final RuleStore store;
    private final GroupStore groups;
    private final RuleCoverage coverage;

    public AlertRuleService(RuleStore store, GroupStore groups, RuleCoverage coverage) {
        this.store = store;
        this.groups = groups;
        this.coverage = coverage;
    }

    public List<AlertRule> all() {
        return store.all();
    }

    public AlertRule defaultRule() {
        return coverage.defaultRule();
    }

    public AlertRule one(String id) {
        return store.find(Params.positiveId(id)).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public AlertRule create(String body) {
        AlertRule rule = RuleRequest.parse(body, coverage.defaultRule());
        if (store.nameTaken(rule.name(), -1)) {
            throw nameTaken(rule.name());
        }
        refuseUnknownGroup(rule);
        if (store.count() >= MAX_RULES) {
            throw new RejectedInput(409, "TooManyRules", null, "at most " + MAX_RULES + " rules can be stored; "
                    + "delete or widen some (one rule's dimensions filter covers many series)");
        }
        return store.create(rule);
    }

    @Transactional
    public AlertRule replace(String id, String body) {
        long ruleId = Params.positiveId(id);
        AlertRule rule = RuleRequest.parse(body, coverage.defaultRule());
        store.lockNames();
        // no such rule is the answer, whatever else holds the name
        AlertRule before = store.find(ruleId).orElseThrow(() -> notFound(id));
        if (store.nameTaken(rule.name(), ruleId)) {
            throw nameTaken(rule.name());
        }
        refuseUnknownGroup(rule);
        if (!before.name().equals(rule.name())) {
            refuseIfNamed(before.name(), "renamed");
        }
        if (!store.replace(ruleId, rule)) {
            throw notFound(id);
        }
        return store.find(ruleId).orElseThrow();
    }

    @Transactional
    public void delete(String id) {
        store.lockNames();
        AlertRule rule = store.find(Params.positiveId(id)).orElseThrow(() -> notFound(id));
        refuseIfNamed(rule.name(), "deleted");
        if (!store.delete(rule.id())) {
            throw notFound(id);
        }
    }

    /**
     * 409 {@code RuleInUse} while hooks list the rule by name: they would silently receive nothing, and could not be
     * put back as read (a hook may only name rules that exist).
     */
    private void refuseIfNamed(String name, String change) {
        List<String> hooks = store.hooksNaming(name);
        if (!hooks.isEmpty()) {
            throw new RejectedInput(409, "RuleInUse", "name", "rule '" + name + "' cannot be " + change
                    + " while hooks name it in their rules: " + String.join(", ", hooks)
                    + "; change those hooks first");
        }
    }

    /**
     * A rule may only name a group that exists (checked under the rule names' lock, which a group's deletion takes
     * too): a misspelt group would cover nothing, silently, as would one deleted under it.
     */
    private void refuseUnknownGroup(AlertRule rule) {
        if (rule.group() != null && groups.rule(rule.group()).isEmpty()) {
            throw RuleRequest.unknownGroup(rule.group());
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no alert rule " + id);
    }

    private static RejectedInput nameTaken(String name) {
        return new RejectedInput(409, "NameTaken", "name", "a rule named '" + name + "' exists already");
    }
}
