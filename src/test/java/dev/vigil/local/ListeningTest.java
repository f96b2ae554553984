package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The start banner's addresses: the interface as it is, HTTPS when a key store is set, the management scheme. */
class ListeningTest {

    @Test
    void theLocalModeWithoutKeysListensOnLoopbackOnly() {
        Listening l = new Listening("127.0.0.1", 8080, null, "enabled", 9000);
        assertEquals("127.0.0.1 only: http port 8080", l.where());
        assertEquals("http://127.0.0.1:8080/dashboard/", l.dashboard());
        assertEquals("management port 9000", l.management());
    }

    @Test
    void withKeysItListensOnEveryInterfaceAndSaysSo() {
        Listening l = new Listening("0.0.0.0", 8080, null, "enabled", 9000);
        assertEquals("every network interface: http port 8080", l.where());
        assertEquals("http://localhost:8080/dashboard/ (from this machine; from others, this machine's name or "
                + "address)", l.dashboard());
    }

    @Test
    void withATlsKeyStoreTheHttpsPortLeadsAndTheManagementPortIsHttpsOnly() {
        Listening l = new Listening("0.0.0.0", 8080, 8443, "enabled", 9000);
        assertEquals("every network interface: https port 8443, http port 8080", l.where());
        assertEquals("https://localhost:8443/dashboard/ (from this machine; from others, this machine's name or "
                + "address)", l.dashboard());
        assertEquals("management port 9000, HTTPS only", l.management());
        assertEquals("127.0.0.1 only: https port 8443 (http port 8080 redirects to it)",
                new Listening("127.0.0.1", 8080, 8443, "redirect", 9000).where());
        assertEquals("127.0.0.1 only: https port 8443 (plain http off)",
                new Listening("127.0.0.1", 8080, 8443, "disabled", 9000).where());
    }
}
