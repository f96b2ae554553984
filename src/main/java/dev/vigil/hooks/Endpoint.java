package dev.vigil.hooks;

import dev.vigil.storage.DeliveryStore.Due;
import dev.vigil.storage.HookStore.Hook;
import java.util.Map;

/** Where and how one hook's events go: its URL, format (and template), signing secret and extra headers. */
record Endpoint(String url, String format, String template, String secret, Map<String, String> headers) {

    static Endpoint of(Due d) {
        return new Endpoint(d.url(), d.format(), d.template(), d.secret(), d.headers());
    }

    static Endpoint of(Hook h) {
        return new Endpoint(h.spec().url(), h.spec().format(), h.spec().template(), h.secret(), h.headers());
    }
}
