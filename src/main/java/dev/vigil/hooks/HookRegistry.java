package dev.vigil.hooks;

import dev.vigil.hooks.HookResource.HookView;
import dev.vigil.hooks.HookResource.WithSecret;
import dev.vigil.ingestion.RejectedInput;
import dev.vigil.query.Params;
import dev.vigil.storage.AlertRule;
import dev.vigil.storage.HookStore;
import dev.vigil.storage.HookStore.Hook;
import dev.vigil.storage.HookStore.HookSpec;
import dev.vigil.storage.RuleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hooks as the admin API keeps them: a hook's name is free and every rule it names exists; its signing secret is
 * drawn here and answered only when the hook is created or the secret rotated. Ids arrive as the path's text, so a
 * 404 names the id as it was asked for.
 */
@ApplicationScoped
class HookRegistry {

    private final HookStore hooks;
    private final RuleStore rules;

    HookRegistry(HookStore hooks, RuleStore rules) {
        this.hooks = hooks;
        this.rules = rules;
    }

    List<HookView> all() {
        return hooks.all().stream().map(HookView::of).toList();
    }

    Hook find(String id) {
        return hooks.find(Params.positiveId(id)).orElseThrow(() -> notFound(id));
    }

    @Transactional
    WithSecret create(String body) {
        HookRequest.Parsed hook = HookRequest.parse(body);
        HookSpec spec = checked(hook.spec(), -1);
        String secret = Signature.newSecret();
        Map<String, String> headers = hook.headers() == null ? Map.of() : hook.headers();
        return new WithSecret(HookView.of(hooks.create(spec, headers, secret)), secret);
    }

    @Transactional
    HookView replace(String id, String body) {
        long hookId = Params.positiveId(id);
        HookRequest.Parsed hook = HookRequest.parse(body);
        if (!hooks.replace(hookId, checked(hook.spec(), hookId), hook.headers(), !hook.maxAgeGiven())) {
            throw notFound(id);
        }
        return HookView.of(hooks.find(hookId).orElseThrow());
    }

    @Transactional
    void delete(String id) {
        if (!hooks.delete(Params.positiveId(id))) {
            throw notFound(id);
        }
    }

    @Transactional
    WithSecret rotate(String id) {
        long hookId = Params.positiveId(id);
        String secret = Signature.newSecret();
        if (!hooks.newSecret(hookId, secret)) {
            throw notFound(id);
        }
        return new WithSecret(HookView.of(hooks.find(hookId).orElseThrow()), secret);
    }

    /** The spec, once its name is free and every rule it names exists (a misspelt rule would silence the hook). */
    private HookSpec checked(HookSpec spec, long hookId) {
        if (hooks.nameTaken(spec.name(), hookId)) {
            throw new RejectedInput(409, "NameTaken", "name", "a hook named '" + spec.name() + "' exists already");
        }
        rules.lockNames(); // a rule deleted meanwhile would leave this hook naming nothing
        Set<String> known = rules.all().stream().map(AlertRule::name).collect(Collectors.toCollection(HashSet::new));
        known.add(AlertRule.DEFAULT_NAME);
        for (int i = 0; i < spec.rules().size(); i++) {
            if (!known.contains(spec.rules().get(i))) {
                throw new RejectedInput(400, "InvalidHook", "rules[" + i + "]", "no alert rule is named '"
                        + spec.rules().get(i) + "' (the default rule is 'default')");
            }
        }
        return spec;
    }

    static NotFoundException notFound(String id) {
        return new NotFoundException("no hook " + id);
    }
}
