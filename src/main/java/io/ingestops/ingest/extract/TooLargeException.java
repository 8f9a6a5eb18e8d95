package io.ingestops.ingest.extract;

/**
 * A file over one of the extraction budgets ({@code ingest.limits.*}): the per-item failure reason
 * {@code too_large} (DESIGN §6), with which budget in the detail.
 */
public final class TooLargeException extends UnreadableFileException {

    public static final String REASON = "too_large";

    private final String detail;

    public TooLargeException(String detail) {
        super(REASON);
        this.detail = detail;
    }

    @Override
    public String detail() {
        return detail;
    }
}
