package dev.vigil.local;

/**
 * Where Vigil answers, as the start banner says it: the interface, the HTTP port, the HTTPS port (null without a TLS
 * key store) and what the HTTP port does then ({@code quarkus.http.insecure-requests}: enabled, redirect or
 * disabled), and the management port, which answers HTTPS only once a key store is set.
 */
record Listening(String host, int httpPort, Integer httpsPort, String insecureRequests, int managementPort) {

    /** 0.0.0.0 or ::, Quarkus's default: every network interface. */
    boolean everyInterface() {
        return "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    /** Where Vigil listens and on which ports, e.g. "every network interface: https port 8443, http port 8080". */
    String where() {
        String ports;
        if (httpsPort == null) {
            ports = "http port " + httpPort;
        } else if ("disabled".equals(insecureRequests)) {
            ports = "https port " + httpsPort + " (plain http off)";
        } else if ("redirect".equals(insecureRequests)) {
            ports = "https port " + httpsPort + " (http port " + httpPort + " redirects to it)";
        } else {
            ports = "https port " + httpsPort + ", http port " + httpPort;
        }
        return (everyInterface() ? "every network interface" : host + " only") + ": " + ports;
    }

    /** The dashboard's address as this machine reaches it: over HTTPS when there is HTTPS. */
    String dashboard() {
        String h = everyInterface() ? "localhost" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]"
                : host;
        String url = (httpsPort == null ? "http://" + h + ":" + httpPort : "https://" + h + ":" + httpsPort)
                + "/dashboard/";
        return everyInterface() ? url + " (from this machine; from others, this machine's name or address)" : url;
    }

    /** The management port and its scheme. */
    String management() {
        return "management port " + managementPort + (httpsPort == null ? "" : ", HTTPS only");
    }
}
