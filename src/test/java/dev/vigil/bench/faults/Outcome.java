package dev.vigil.bench.faults;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One scenario's line: what was sent, what PostgreSQL holds, how often each window was scored, and the alerts from
 * the database to the subscriber. The verdict is OK when nothing was lost and nothing doubled: stored readings and
 * their sum equal what was sent, every window was scored exactly once and none is left unscored, every due alert
 * is in the outbox, published, and received. Records repeating an alert id are counted, not failed: alerts are
 * at-least-once by design and carry a stable id for subscribers to drop repeats.
 */
record Outcome(int number, String name, long sent, double sentSum, long expectedWindows, Audit.Totals db,
               int received, int duplicates, Set<String> missing, String note, boolean vetoed) {

    static Outcome of(int number, String name, Workload w, long sent, Audit.Totals db, AlertTap tap, String note) {
        Set<String> missing = new HashSet<>(db.outboxIds());
        missing.removeAll(tap.ids(w.metric()));
        return new Outcome(number, name, sent, w.sum(), w.windows(), db, tap.distinct(w.metric()),
                tap.duplicates(w.metric()), missing, note, false);
    }

    /** The same line, failed by a check of the scenario's own (named in its note). */
    Outcome failed() {
        return new Outcome(number, name, sent, sentSum, expectedWindows, db, received, duplicates, missing, note, true);
    }

    boolean ok() {
        return !vetoed && db.readings() == sent && db.sum() == sentSum && db.windows() == expectedWindows && db.unscored() == 0
                && db.scoredTwice() == 0 && db.scoredOnce() == expectedWindows && db.outbox() == db.alertsExpected()
                && db.unpublished() == 0 && missing.isEmpty() && received == db.outbox();
    }

    String line() {
        return String.format(Locale.ROOT, "%d %-44s | sent %,d stored %,d sum %s | windows %,d scored once %,d twice %,d"
                        + " unscored %,d | alerts expected %,d outbox %,d published %,d missing %,d dup-ids %,d | %s | %s",
                number, name, sent, db.readings(), db.sum() == sentSum ? "exact" : "OFF by " + (db.sum() - sentSum),
                db.windows(), db.scoredOnce(), db.scoredTwice(), db.unscored(), db.alertsExpected(), db.outbox(),
                received, missing.size(), duplicates, ok() ? "OK" : "FAIL", note);
    }
}
