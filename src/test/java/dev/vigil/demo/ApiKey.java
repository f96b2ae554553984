package dev.vigil.demo;

import java.net.http.HttpRequest;

/** The demos' API key: {@code VIGIL_KEY}, sent as a bearer token when set (a Vigil with {@code VIGIL_KEYS} asks). */
final class ApiKey {

    private ApiKey() {
    }

    /** {@code VIGIL_KEY}, or null when it is unset or blank. */
    static String fromEnv() {
        String key = System.getenv("VIGIL_KEY");
        return key == null || key.isBlank() ? null : key;
    }

    /** The request with {@code Authorization: Bearer <key>}, or as it is when {@code key} is null. */
    static HttpRequest.Builder authorize(HttpRequest.Builder request, String key) {
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }
}
