package io.ingestops.sync;

/** A sync {@code source} that may not be read; the message completes "source …" for the client. */
public class InvalidSourceException extends RuntimeException {

    public InvalidSourceException(String reason) {
        super(reason, null, false, false);
    }
}
