package io.ingestops.worker;

/**
 * A handler's known failure: the operation fails with this stable code and client-safe message, or,
 * when {@link #isTransient()}, is tried again after a backoff while it has attempts left.
 */
public class JobFailedException extends RuntimeException {

    private final String code;
    private final boolean transientFailure;

    /** A permanent failure: retrying would fail the same way; the message says what to fix. */
    public JobFailedException(String code, String message) {
        this(code, message, false, null);
    }

    private JobFailedException(String code, String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.transientFailure = transientFailure;
    }

    /** A failure that may pass (a dependency down or slow): worth another attempt later. */
    public static JobFailedException transientFailure(String code, String message, Throwable cause) {
        return new JobFailedException(code, message, true, cause);
    }

    public String code() {
        return code;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
