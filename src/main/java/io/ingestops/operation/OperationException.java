package io.ingestops.operation;

/** A request about operations that cannot be honoured; the API maps each reason to a status and code. */
public class OperationException extends RuntimeException {

    public enum Reason {
        NOT_FOUND,
        NOT_CANCELLABLE,
        NOT_RETRYABLE,
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;

    public OperationException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
