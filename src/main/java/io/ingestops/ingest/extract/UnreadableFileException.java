package io.ingestops.ingest.extract;

/** A file that is not what it claims to be, or cannot be read; the message is shown to the client. */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String reason) {
        super(reason, null, false, false);
    }
}
