package dev.vigil.storage;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.SQLRecoverableException;

/**
 * Tells a fault of the database as a whole (it is down, restarting, out of connections; worth retrying as is) from
 * a fault of the data in hand (a value or key it refuses; retrying the same data fails again). Only the second kind
 * may set data aside; the first must leave everything pending for a later try.
 */
public final class Faults {

    private Faults() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && transientState(sql.getSQLState())) {
                return true;
            }
            // the pool's "acquisition timeout" carries no SQL state: no connection could be had at all
            if (t instanceof SQLException sql && sql.getSQLState() == null
                    && String.valueOf(sql.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("acquisition")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * 08: connection exceptions; 53: insufficient resources; 57P01-57P03: the server shuts down or starts;
     * 40001/40P01: serialisation failure or deadlock; 55P03: lock not available.
     */
    static boolean transientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01") || state.equals("55P03");
    }
}
