package io.ingestops.sync;

import io.ingestops.operation.Operation;

/** The tenant already has an active sync, reindex or collection delete; it is named here. */
public class SyncInProgressException extends RuntimeException {

    private final Operation active;

    public SyncInProgressException(Operation active) {
        super(
                "tenant already has an active " + active.type.wire() + " (operation " + active.id + ", "
                        + active.status.wire() + ")",
                null,
                false,
                false);
        this.active = active;
    }

    public Operation active() {
        return active;
    }
}
