package dev.vigil.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a failed attempt says about where it failed: a name that does not resolve, or a port nobody listens on. */
class SenderTest {

    private static final HookBody BODY = new HookBody("{}", HookBody.JSON_TYPE);

    private static Sender.Attempt send(String url) {
        return new Sender(Duration.ofSeconds(5)).send(url, Signature.newSecret(), Map.of(), "id", BODY, null,
                Instant.now()).join();
    }

    @Test
    void aHostNameThatDoesNotResolveIsSaidToBeOne() {
        // .invalid never resolves (RFC 6761)
        Sender.Attempt a = send("http://vigil-hook.invalid/in");
        assertFalse(a.delivered());
        assertNull(a.status());
        assertEquals("the url's host name did not resolve (no such name, or the name lookup failed)", a.error());
        assertFalse(a.permanent(), "a name may resolve later: tried again");
    }

    @Test
    void aPortNobodyListensOnIsACouldNotConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Sender.Attempt a = send("http://127.0.0.1:" + port + "/in");
        assertTrue(a.error().startsWith("could not connect to the url's host and port"), a.error());
    }
}
