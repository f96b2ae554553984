package dev.vigil.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * CPU time of one Azure entire/detect request without HTTP (the body and steps of {@link AzureRequestBenchmark}),
 * for a machine shared with other work, where wall-clock time per call says more about the neighbours than about
 * the code: the calling thread's CPU time per request, the lowest over rounds of {@code calls} requests after a
 * warm-up, so a round in which the thread shared its core counts least. Run on the bench profile's test class path
 * (BENCHMARKS.md has the command): {@code dev.vigil.api.AzureRequestCpu [rounds] [calls]}.
 */
public final class AzureRequestCpu {

    private AzureRequestCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        AzureRequestBenchmark b = new AzureRequestBenchmark();
        b.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20 * calls; i++) {
            b.entireRequest();
        }
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int r = 0; r < rounds; r++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                b.entireRequest();
            }
            double us = (threads.getCurrentThreadCpuTime() - start) / 1e3 / calls;
            best = Math.min(best, us);
            sum += us;
        }
        System.out.printf(Locale.ROOT, "entire/detect, 1,000 hourly points: CPU per request %.0f us (lowest of %d "
                + "rounds of %d), mean %.0f us; load average %.1f%n", best, rounds, calls, sum / rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
