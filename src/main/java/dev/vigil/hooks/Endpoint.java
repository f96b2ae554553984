package dev.vigil.hooks;

import dev.vigil.storage.DeliveryStore.Due;
import dev.vigil.storage.HookStore.Hook;
import java.util.Map;

/** Where and how one hook's events go: its URL, format (and template), signing secret and extra headers. */
record Endpoint(String url, String format, String template, String secret, Map<String, String> headers) {

    /** Where a delivery goes; throws when the hook's credentials could not be opened (the attempt fails so). */
    static Endpoint of(Due d) {
        if (d.unreadable() != null) {
            throw new IllegalStateException(d.unreadable());
        }
        return new Endpoint(d.url(), d.format(), d.template(), d.secret(), d.headers());
    }

    /** Where a hook's events go; throws when its credentials could not be opened. */
    static Endpoint of(Hook h) {
        if (h.unreadable() != null) {
            throw new IllegalStateException(h.unreadable());
        }
        return new Endpoint(h.spec().url(), h.spec().format(), h.spec().template(), h.secret(), h.headers());
    }
}
