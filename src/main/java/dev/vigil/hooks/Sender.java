package dev.vigil.hooks;

import dev.vigil.observability.TraceContext;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Posts one event to a hook's URL in the hook's form ({@link HookBody}), signed as Standard Webhooks signs
 * ({@link Signature}). Redirects are not followed (a 3xx is a failed attempt): the URL an admin
 * stored is the only place an event goes.
 */
final class Sender {

    static final String USER_AGENT = "Vigil-Hooks/1";

    /**
     * What one attempt came to: delivered or not, the HTTP status (null when none came back, and for mail), the error,
     * any Retry-After, and whether trying again is pointless.
     */
    record Attempt(boolean delivered, Integer status, String error, Duration retryAfter, boolean permanent) {

        Attempt(boolean delivered, Integer status, String error, Duration retryAfter) {
            this(delivered, status, error, retryAfter, false);
        }

        /** A failure that the same attempt later would repeat (a template that fails on the event): not retried. */
        static Attempt permanent(String error) {
            return new Attempt(false, null, error, null, true);
        }

        static Attempt failed(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            // a request the client refuses to build is refused the same way at every attempt
            return new Attempt(false, null, why(cause), null, cause instanceof IllegalArgumentException);
        }

        /**
         * The failure in words for the hook's deliveries list. Not the client's own message where it may quote a
         * header value (a credential), and no class name where a sentence says more.
         */
        private static String why(Throwable cause) {
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                // a mail not begun says why in its own message
                return cause instanceof TimeoutException && cause.getMessage() != null ? cause.getMessage()
                        : "no answer within the timeout";
            }
            if (cause instanceof IllegalArgumentException) {
                return "the request could not be built: a header value or the url is not valid in HTTP";
            }
            if (unresolved(cause)) {
                // the JDK's client reports it as a ConnectException around an UnresolvedAddressException
                return "the url's host name did not resolve (no such name, or the name lookup failed)";
            }
            if (cause instanceof ConnectException) {
                return "could not connect to the url's host and port" + (cause.getMessage() == null ? "" : " ("
                        + cause.getMessage() + ")");
            }
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }

        private static boolean unresolved(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                    return true;
                }
            }
            return false;
        }
    }

    private final HttpClient client;
    private final Duration timeout;

    Sender(Duration timeout) {
        this.timeout = timeout;
        // HTTP/1.1: a cleartext HTTP/2 upgrade offer confuses some receivers, and one event per request needs no more
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends; the future never fails: a failure is an {@link Attempt} without a 2xx status. */
    CompletableFuture<Attempt> send(String url, String secret, Map<String, String> headers, String id, HookBody body,
                                    String traceparent, Instant now) {
        long timestamp = now.getEpochSecond();
        String event = body.body();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        // the hook's own first, so Vigil's (refused as names of extra headers anyway) cannot be doubled
        headers.forEach(request::header);
        request.header("Content-Type", body.contentType())
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", Signature.sign(secret, id, timestamp, event))
                .POST(HttpRequest.BodyPublishers.ofString(event));
        if (traceparent != null) {
            request.header(TraceContext.TRACEPARENT, traceparent);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> failure == null ? answered(response) : Attempt.failed(failure));
    }

    private static Attempt answered(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Attempt(true, status, null, null);
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(Sender::seconds).orElse(null);
        return new Attempt(false, status, "the endpoint answered " + status, retryAfter);
    }

    /** Retry-After in seconds; the HTTP-date form is not honoured (the normal back-off applies). */
    private static Duration seconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s >= 0 ? Duration.ofSeconds(s) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
