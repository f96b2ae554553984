package dev.vigil.bench.faults;

import java.util.Locale;

/**
 * Fault-injection driver (issue 10, RELIABILITY.md): runs real Vigil processes in production mode against a real
 * PostgreSQL and a real Kafka broker that the driver owns (so they outlive a {@code kill -9} of Vigil and can be
 * stopped and started), injects six faults and prints one line per scenario: readings sent and stored (count and
 * exact sum in PostgreSQL), windows scored exactly once, alerts due, published and received, repeated alert ids.
 * Everything listens on 127.0.0.1 only, on ports from {@code --base-port} (18400) to +22.
 *
 * <pre>./mvnw -B package -DskipTests
 * ./mvnw -B -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vigil.bench.faults.FaultDriver \
 *     [-Dexec.args="--series 24 --windows 1000 --per-window 2 --only 1,2,3,4,5,6 --lease PT20S --outage PT10S"]</pre>
 *
 * Exit status 0 when every scenario is OK. Logs of Vigil and PostgreSQL: {@code target/faults/logs}.
 */
public final class FaultDriver {

    private FaultDriver() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        System.out.printf(Locale.ROOT, "fault-injection driver: %d series x %d windows x %d readings per scenario,"
                        + " lease %s, chunk %d, PostgreSQL outage %s, broker outage %s, patience %s%n", s.series(),
                s.windows(), s.perWindow(), s.lease(), s.chunk(), s.outage(), s.brokerOutage(), s.patience());
        long t0 = System.nanoTime();
        int ok = 0;
        Rig rig = Rig.start(s);
        Thread hook = new Thread(rig::close, "fault-driver-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Scenarios scenarios = new Scenarios(rig);
            for (int n : s.only()) {
                long start = System.nanoTime();
                try {
                    Outcome outcome = scenarios.run(n);
                    ok += outcome.ok() ? 1 : 0;
                    System.out.printf(Locale.ROOT, "%s (%.0f s)%n", outcome.line(), (System.nanoTime() - start) / 1e9);
                } catch (Exception e) {
                    System.out.printf(Locale.ROOT, "%d ERROR %s (%.0f s)%n", n, e, (System.nanoTime() - start) / 1e9);
                    e.printStackTrace();
                }
                System.out.flush();
                scenarios.reset();
            }
        } finally {
            rig.close();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.out.printf(Locale.ROOT, "%d of %d scenarios OK in %.0f s%n", ok, s.only().size(),
                (System.nanoTime() - t0) / 1e9);
        // exec:java would wait for the broker's lingering non-daemon threads
        System.exit(ok == s.only().size() ? 0 : 1);
    }
}
