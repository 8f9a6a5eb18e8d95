package io.ingestops.worker;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Classifies what a handler threw (DESIGN §7 "Failure policy"): transient — I/O, a dependency down or
 * slow — is retried with backoff while attempts remain; permanent fails at once with a specific code
 * and a message that says what to fix. Only a cause nobody recognizes is {@code internal_error}. A
 * lost database connection is not classified here: the job is handed back (JobRunner).
 */
public final class FailurePolicy {

    /** What to do about one failure. */
    public record Failure(boolean isTransient, String code, String message) {}

    private FailurePolicy() {}

    public static Failure classify(Throwable thrown) {
        if (thrown instanceof JobFailedException known) {
            return new Failure(known.isTransient(), known.code(), known.getMessage());
        }
        // the most specific cause wins: walk the chain outermost first, remember the first match
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> chain = new ArrayDeque<>();
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        for (Throwable cause : chain) {
            Failure failure = known(cause);
            if (failure != null) {
                return failure;
            }
        }
        return new Failure(
                false, "internal_error", "unexpected error while running the operation; see the service log");
    }

    private static Failure known(Throwable cause) {
        if (cause instanceof JobFailedException known) {
            return new Failure(known.isTransient(), known.code(), known.getMessage());
        }
        if (cause instanceof OutOfMemoryError) {
            return new Failure(
                    false,
                    "out_of_memory",
                    "the operation ran out of memory on its worker; submit smaller inputs (fewer or smaller files"
                            + " or messages), or ask the operator for a larger memory limit");
        }
        if (cause instanceof StackOverflowError) {
            return new Failure(
                    false, "input_too_complex", "the input is nested too deeply to process; simplify or split it");
        }
        if (cause instanceof SocketTimeoutException
                || cause instanceof HttpTimeoutException
                || cause instanceof TimeoutException) {
            return new Failure(true, "dependency_timeout", "a dependency did not answer in time; it will be retried");
        }
        if (cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            return new Failure(true, "dependency_unavailable", "a dependency could not be reached; it will be retried");
        }
        if (cause instanceof AccessDeniedException denied) {
            return new Failure(
                    false,
                    "permission_denied",
                    "the service may not read " + fileName(denied.getFile()) + "; fix its permissions and retry");
        }
        if (cause instanceof NoSuchFileException || cause instanceof FileNotFoundException) {
            String file = cause instanceof NoSuchFileException missing ? fileName(missing.getFile()) : "a file";
            return new Failure(
                    false,
                    "input_missing",
                    file + " that the operation needs is gone; submit it again (uploads) or restore it (syncs)");
        }
        if (cause instanceof IOException io) {
            String text = String.valueOf(io.getMessage());
            if (text.contains("No space left on device") || text.contains("Disk quota exceeded")) {
                return new Failure(true, "storage_full", "the worker's scratch space is full; it will be retried");
            }
            return new Failure(true, "io_error", "reading or writing a file failed; it will be retried");
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            // transient SQL states never get here (hand-back); these are refusals of the data itself
            return new Failure(
                    false,
                    "storage_rejected",
                    "the database refused what the operation tried to store (SQLSTATE " + sql.getSQLState()
                            + "); check the input for values it cannot hold, or see the service log");
        }
        return null;
    }

    /** The last name of a path: where files live on the server is not the client's business. */
    private static String fileName(String path) {
        if (path == null || path.isEmpty()) {
            return "a file";
        }
        String name = java.nio.file.Path.of(path).getFileName() == null
                ? path
                : java.nio.file.Path.of(path).getFileName().toString();
        return "'" + name + "'";
    }
}
