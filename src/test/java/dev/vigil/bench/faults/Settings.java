package dev.vigil.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The driver's command line. Sizes are per scenario: {@code series} series of {@code windows} five-minute windows
 * with {@code perWindow} readings each; spikes start after the detector's warm-up (888 windows), so windows must
 * exceed it for any alert to be due.
 *
 * @param only          scenario numbers to run (1..6)
 * @param lease         the detection lease given to Vigil ({@code VIGIL_DETECTION_LEASE}); a killed replica's claims
 *                      are taken over after it
 * @param chunk         windows per scoring transaction ({@code VIGIL_DETECTION_CHUNK})
 * @param minSeverity   {@code VIGIL_ALERTING_MIN_SEVERITY}
 * @param outage        how long PostgreSQL stays down (scenario 4)
 * @param brokerOutage  how long the broker stays down (scenario 5); past the alert producer's delivery timeout (30 s)
 *                      its sends fail and the publisher's batch rolls back
 * @param patience      the bound of every wait for a condition (stored totals, scoring, alerts)
 * @param basePort      first of the ports used: PostgreSQL +1, Kafka +2/+3, replica A +10..12, replica B +20..22
 */
record Settings(int series, int windows, int perWindow, Set<Integer> only, Duration lease, int chunk,
                double minSeverity, Duration outage, Duration brokerOutage, Duration patience, Path jar, Path workDir, int basePort) {

    static final int WARM_UP = 888;

    static Settings parse(String[] args) {
        int series = 24;
        int windows = 1000;
        int perWindow = 2;
        Set<Integer> only = new TreeSet<>(Set.of(1, 2, 3, 4, 5, 6));
        Duration lease = Duration.ofSeconds(20);
        int chunk = 500;
        double minSeverity = 0.0;
        Duration outage = Duration.ofSeconds(10);
        Duration brokerOutage = Duration.ofSeconds(40);
        Duration patience = Duration.ofSeconds(120);
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        Path work = Path.of("target/faults");
        int basePort = 18400;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--series" -> series = Integer.parseInt(v);
                case "--windows" -> windows = Integer.parseInt(v);
                case "--per-window" -> perWindow = Integer.parseInt(v);
                case "--only" -> {
                    only.clear();
                    for (String n : v.split(",")) {
                        only.add(Integer.parseInt(n.trim()));
                    }
                }
                case "--lease" -> lease = Duration.parse(v);
                case "--chunk" -> chunk = Integer.parseInt(v);
                case "--min-severity" -> minSeverity = Double.parseDouble(v);
                case "--outage" -> outage = Duration.parse(v);
                case "--broker-outage" -> brokerOutage = Duration.parse(v);
                case "--patience" -> patience = Duration.parse(v);
                case "--jar" -> jar = Path.of(v);
                case "--work" -> work = Path.of(v);
                case "--base-port" -> basePort = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        if (series < 2 || windows < 1 || perWindow < 1) {
            throw new IllegalArgumentException("need --series >= 2, --windows >= 1, --per-window >= 1");
        }
        return new Settings(series, windows, perWindow, only, lease, chunk, minSeverity, outage, brokerOutage, patience,
                jar.toAbsolutePath(), work.toAbsolutePath(), basePort);
    }
}
