package dev.vigil.hooks;

import dev.vigil.storage.HookStore.Hook;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The hooks' two ways out, HTTP and mail, behind one send in the hook's format: the dispatcher sends deliveries
 * through it and a hook's test sends one event now, so neither holds the senders itself.
 */
@ApplicationScoped
class HookSenders {

    private final Sender sender;
    private final MailSender mail;
    private final Clock clock;
    /** The dashboard's address ending in "/", for links in chat lines; null without one. */
    private final String dashboard;

    HookSenders(HookConfig config, MailConfig mailConfig, Clock clock) {
        this.sender = new Sender(config.timeout());
        this.mail = new MailSender(mailConfig, config.timeout());
        this.clock = clock;
        this.dashboard = config.dashboardUrl().map(u -> u.endsWith("/") ? u : u + "/").orElse(null);
    }

    @PreDestroy
    void close() {
        mail.close();
    }

    /** Sends one event now in the hook's format, outside the deliveries (a hook's test); nothing is stored. */
    Sender.Attempt sendNow(Hook hook, String id, String event) {
        Endpoint to;
        try {
            to = Endpoint.of(hook);
        } catch (IllegalStateException e) {
            return Sender.Attempt.failed(e);
        }
        return send(to, id, event, null, clock.instant()).join();
    }

    CompletableFuture<Sender.Attempt> send(Endpoint to, String id, String event, String traceparent, Instant now) {
        if (HookBody.EMAIL.equals(to.format())) {
            return mail.send(to.url(), id, event, dashboard);
        }
        HookBody body;
        try {
            body = HookBody.of(to.format(), event, traceparent, dashboard, to.template());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Sender.Attempt.permanent("the template failed on this event: "
                    + e.getMessage()));
        }
        return sender.send(to.url(), to.secret(), to.headers(), id, body, traceparent, now);
    }
}
