package io.ingestops.worker;

import java.sql.SQLException;

/**
 * Tells a lost database connection (or a server restart) from a real failure: the former is worth
 * running again elsewhere, the latter is not.
 */
final class TransientFailures {

    private TransientFailures() {}

    /** SQLState class 08 (connection exception) and 57P0x (administrator shutdown, crash, cannot connect now). */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
