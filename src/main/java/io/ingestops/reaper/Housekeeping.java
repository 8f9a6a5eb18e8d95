package io.ingestops.reaper;

/**
 * Housekeeping another feature brings (stored uploads, tenant locks): the reapers' scheduler runs
 * each one on every tick after its own reapers, guarded and counted like them.
 */
public interface Housekeeping {

    /** Low-cardinality name for logs and the housekeeping-error metric. */
    String name();

    /** One pass; returns how many things it cleaned up. */
    int runOnce();
}
