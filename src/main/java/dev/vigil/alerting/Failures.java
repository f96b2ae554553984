package dev.vigil.alerting;

import java.util.ArrayList;
import java.util.List;

/** One log-line account of a failure, down to its root cause. */
final class Failures {

    private static final int MAX_DEPTH = 16;

    private Failures() {
    }

    /**
     * Each throwable of the cause chain as {@code "<class>: <message>"}, outermost first, joined by
     * {@code "; caused by "}, so that the root cause's class and message show beneath framework wrappers such as
     * "Error invoking subclass method". A link that only repeats its cause ({@code new X(cause)}) is left out.
     * Exception messages of Kafka, PostgreSQL and Vigil name hosts, topics and ids, never credentials.
     */
    static String describe(Throwable failure) {
        List<String> links = new ArrayList<>();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            Throwable cause = t.getCause() == t ? null : t.getCause();
            if (cause == null || t.getMessage() == null || !t.getMessage().equals(cause.toString())) {
                links.add(t.getClass().getName() + ": " + t.getMessage());
            }
            t = cause;
        }
        return String.join("; caused by ", links);
    }
}
