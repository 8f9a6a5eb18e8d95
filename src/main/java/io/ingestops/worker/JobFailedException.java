package io.ingestops.worker;

/** A handler's expected failure: the operation fails with this stable code and client-safe message. */
public class JobFailedException extends RuntimeException {

    private final String code;

    public JobFailedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
