package io.ingestops.ingest.extract;

/**
 * A file that is not what it claims to be, cannot be read, or is over an extraction budget: a
 * per-item failure. The message is the failure's {@code reason} shown to the client.
 */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String reason) {
        super(reason, null, false, false);
    }

    /** Further explanation for the client beside the reason, or null. */
    public String detail() {
        return null;
    }
}
