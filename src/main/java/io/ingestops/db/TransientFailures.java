package io.ingestops.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The one classification of database failures that are worth trying again (elsewhere, or a moment
 * later) rather than reporting as errors: a lost connection, an administrator's termination, a
 * failover, a server that is starting or shutting down, too many connections, a deadlock or
 * serialization failure. Used by job writes, completions, hand-backs and the HTTP answers.
 *
 * <p>It walks the whole tree of a throwable: causes and suppressed exceptions, because a transaction
 * manager reports a failed commit as its own exception ({@code ARJUNA016053 Could not commit
 * transaction}) with the driver's exception only suppressed inside it.
 */
public final class TransientFailures {

    private TransientFailures() {}

    public static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        push(pending, failure);
        while (!pending.isEmpty()) {
            Throwable current = pending.pop();
            if (!seen.add(current)) {
                continue;
            }
            if (current instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
            push(pending, current.getCause());
            for (Throwable suppressed : current.getSuppressed()) {
                push(pending, suppressed);
            }
            if (current instanceof SQLException sql) {
                push(pending, sql.getNextException());
            }
        }
        return false;
    }

    private static void push(Deque<Throwable> pending, Throwable next) {
        if (next != null) {
            pending.push(next);
        }
    }

    private static boolean isTransient(SQLException sql) {
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
            return true;
        }
        String state = sql.getSQLState();
        if (state == null) {
            // Agroal reports an exhausted pool (every connection busy or failing to open) without a state
            String message = sql.getMessage();
            return message != null && message.startsWith("Acquisition timeout");
        }
        return state.startsWith("08") // connection exception
                || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now, database dropped
                || state.equals("53300") // too many connections
                || state.equals("40001") // serialization failure
                || state.equals("40P01"); // deadlock detected
    }
}
